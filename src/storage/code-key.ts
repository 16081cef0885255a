// Which code made a snapshot: a snapshot made by other code (another tokenizer, another format) is never loaded.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FORMAT } from './snapshot-format.js';

let codeKeyMemo: string | undefined;

const SRC = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The folders whose code and data decide what a snapshot holds: src/content (its sources too), src/search (with the
 * acronym list and the English counts), src/text (the edit distance the typo matching uses) and src/storage (the
 * format and the build). test/storage/code-key.test.ts checks that the build imports nothing from elsewhere in src.
 */
export const CODE_FOLDERS = ['content', 'content/sources', 'search', 'search/data', 'text', 'storage'].map((folder) =>
  path.join(SRC, folder),
);

/** Code, and the data files the code reads next to it. */
const HASHED = /\.(?:ts|js|mjs|json|gz)$/;

/**
 * A hash of the code that decides what a snapshot holds (CODE_FOLDERS) and of the stemmer's version. Any edit there
 * (a new stop word, a parsing fix, an acronym) makes old snapshots stale.
 */
export function codeKey(): string {
  if (codeKeyMemo) return codeKeyMemo;
  const hash = createHash('sha256').update(`format ${FORMAT}\n`);
  for (const folder of CODE_FOLDERS) {
    let names: string[] = [];
    try {
      names = readdirSync(folder)
        .filter((name) => HASHED.test(name) && !name.endsWith('.d.ts'))
        .sort();
    } catch {
      // A missing folder hashes as empty.
    }
    for (const name of names)
      hash.update(`${path.relative(SRC, folder)}/${name}\n`).update(readFileSync(path.join(folder, name)));
  }
  try {
    const require = createRequire(import.meta.url);
    hash.update(`natural ${(require('natural/package.json') as { version: string }).version}`);
  } catch {
    hash.update('natural ?');
  }
  codeKeyMemo = hash.digest('hex').slice(0, 32);
  return codeKeyMemo;
}
