// How node runs a script of the project in the tests: the compiled build when the end-to-end files have one
// (test/support/global-setup.ts), else the TypeScript through tsx's loader.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { inject } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX_LOADER = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

/** node's arguments that run `script` (a path from the project folder, such as 'src/main.ts'), before its own. */
export function nodeArgsFor(script: string): string[] {
  const buildDir = inject('buildDir');
  return buildDir
    ? [path.join(buildDir, script.replace(/\.ts$/, '.js'))]
    : ['--import', TSX_LOADER, path.join(ROOT, script)];
}
