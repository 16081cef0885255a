// Which code made a snapshot: a snapshot made by other code (another tokenizer, another format) is never loaded.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FORMAT } from './snapshot-format.js';

let codeKeyMemo: string | undefined;

/**
 * A hash of the code that decides what a snapshot holds: every module of src/content (its sources too), src/search
 * and src/storage (the format and the build), and the stemmer's version. Any edit there (a new stop word, a parsing
 * fix) makes old
 * snapshots stale.
 */
export function codeKey(): string {
  if (codeKeyMemo) return codeKeyMemo;
  const hash = createHash('sha256').update(`format ${FORMAT}\n`);
  const here = path.dirname(fileURLToPath(import.meta.url));
  const folders = [
    path.join(here, '..', 'content'),
    path.join(here, '..', 'content', 'sources'),
    path.join(here, '..', 'search'),
    here,
  ];
  for (const folder of folders) {
    let names: string[] = [];
    try {
      names = readdirSync(folder)
        .filter((name) => /\.(ts|js|mjs)$/.test(name) && !name.endsWith('.d.ts'))
        .sort();
    } catch {
      // A missing folder hashes as empty.
    }
    for (const name of names)
      hash.update(`${path.basename(folder)}/${name}\n`).update(readFileSync(path.join(folder, name)));
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
