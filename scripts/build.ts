// `npm run build`: the TypeScript compiled to JavaScript (the native compiler, typescript7) with the data files the
// code reads at run time beside it, so that `node dist/src/main.js` runs as `npm start` does.
import { execFile } from 'node:child_process';
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TSC = path.join(ROOT, 'node_modules/typescript7/bin/tsc');

/** Folders of data read next to the code (new URL('./data/…', import.meta.url)), copied as they are. */
const DATA_FOLDERS = ['src/search/data'];

/** Compiles the project into `outDir` (default: tsconfig's, dist) and copies the data the code reads. */
export async function build(outDir = path.join(ROOT, 'dist')): Promise<void> {
  // tsconfig.json type-checks the tests too; the build compiles what runs.
  const config = path.join(ROOT, 'tsconfig.build.json');
  await promisify(execFile)(process.execPath, [TSC, '-p', config, '--outDir', outDir], { cwd: ROOT });
  for (const folder of DATA_FOLDERS)
    await cp(path.join(ROOT, folder), path.join(outDir, folder), { recursive: true, force: true });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await build();
