// Starts a worker thread from a module's own file: as it is when the bot runs compiled JavaScript, through tsx's
// loader when it runs from its TypeScript sources (a worker does not inherit the parent's `--import tsx`).
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** A worker running the module at `moduleUrl` (pass `import.meta.url`), with `workerData` = `data`. */
export function startWorker(moduleUrl: string, data: unknown): Worker {
  const self = new URL(moduleUrl);
  if (!self.pathname.endsWith('.ts')) return new Worker(self, { workerData: data });
  const require = createRequire(moduleUrl);
  const tsx = pathToFileURL(require.resolve('tsx/esm/api').replace(/index\.cjs$/, 'index.mjs')).href;
  const code =
    `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); ` +
    `return import(${JSON.stringify(self.href)}); });`;
  return new Worker(code, { eval: true, workerData: data });
}
