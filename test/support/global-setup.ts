// Before the end-to-end files: the project compiled once (as `npm run build` does), so that the many bot, shard and
// command processes they start run the JavaScript directly instead of each compiling TypeScript through tsx's loader
// (about 0.9 s of CPU less per process). `npm start` itself, through tsx, is still started in npm-start.test.ts and by
// the tests that ask for `via: 'tsx'`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { build } from '../../scripts/build.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

declare module 'vitest' {
  export interface ProvidedContext {
    /** The compiled project (see test/support/global-setup.ts). */
    buildDir: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const buildDir = path.join(ROOT, '.cache', 'test-build');
  await build(buildDir);
  project.provide('buildDir', buildDir);
}
