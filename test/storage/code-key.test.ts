// The snapshot's code key covers every module the index build runs: a change to any of them makes old snapshots stale.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODE_FOLDERS } from '../../src/storage/code-key.js';
import { PROJECT } from '../content/factories.js';

/** The project's modules `entry` imports, directly or not (its own relative imports, type-only ones included). */
function importsOf(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const [, spec] of text.matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']+)'/g)) {
      const target = path.resolve(path.dirname(file), spec!);
      visit(target.endsWith('.js') ? target.replace(/\.js$/, '.ts') : target);
    }
  };
  visit(entry);
  return seen;
}

describe('the code key', () => {
  it('hashes the folder of every module the index build imports, and the data files it reads', () => {
    const modules = importsOf(path.join(PROJECT, 'src/storage/build.ts'));
    expect(modules.size).toBeGreaterThan(10);
    const outside = [...modules].filter((file) => !CODE_FOLDERS.includes(path.dirname(file)));
    expect(outside.map((file) => path.relative(PROJECT, file))).toEqual([]);
    // The acronym list and the English counts are data the build reads beside its code.
    expect(CODE_FOLDERS).toContain(path.join(PROJECT, 'src/search/data'));
  });
});
