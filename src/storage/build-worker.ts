// Builds the catalog in a worker thread, so that a reload of thousands of posts never stalls the thread that answers
// questions (the worker hands its shared buffers back without a copy), and writes the snapshot file after.
import os from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { ContentFolderError } from '../content/load.js';
import { SourceError } from '../content/sources/source.js';
import {
  buildCatalog,
  type BuildInput,
  type BuildPhase,
  type BuildProgress,
  type BuildReport,
  type Built,
} from './build.js';
import { writeSnapshot } from './snapshot-file.js';
import { startWorker } from '../worker-thread.js';

/**
 * How writing a build's snapshot went: not tried (no snapshot file, files being edited, or the build failed), written,
 * or failed, with the reason (a snapshot is only an optimisation: the build is served all the same).
 */
export type SaveOutcome =
  | { status: 'skipped' }
  | { status: 'written' }
  | { status: 'failed'; file: string; reason: string };

const SKIPPED: SaveOutcome = { status: 'skipped' };

export interface BuildAndSave {
  result: Promise<Built>;
  /** Settles once the snapshot has been written, or could not be; never rejects. */
  saved: Promise<SaveOutcome>;
}

/** Builds in a worker when asked (falling back to this thread if a worker cannot start); writes the snapshot. */
export function buildAndSave(input: BuildInput, inWorker: boolean, onProgress?: BuildProgress): BuildAndSave {
  if (inWorker) {
    const worker = buildInWorker(input, onProgress);
    let fallback: BuildAndSave | undefined;
    const result = worker.result.catch((error: unknown) => {
      if (!(error instanceof WorkerStartError)) throw error;
      fallback = buildAndSave(input, false, onProgress);
      return fallback.result;
    });
    const saved = worker.saved.then((outcome) =>
      result.then(
        () => fallback?.saved ?? outcome,
        () => SKIPPED,
      ),
    );
    return { result, saved };
  }
  const result = buildCatalog(input, onProgress);
  const saved = result.then(
    (built) => save(built),
    () => SKIPPED,
  );
  return { result, saved };
}

async function save(built: Built): Promise<SaveOutcome> {
  if (!built.snapshotFile) return SKIPPED;
  try {
    await writeSnapshot(built.snapshotFile, built.buffer, built.text);
    return { status: 'written' };
  } catch (error) {
    return { status: 'failed', file: built.snapshotFile, reason: (error as Error).message };
  }
}

const WORKER_KIND = 'blogbot-index-build';

type FromWorker =
  | { type: 'started' }
  | { type: 'progress'; phase: BuildPhase; done: number; total: number }
  | { type: 'done'; buffer: SharedArrayBuffer; text: Uint8Array; report: BuildReport; snapshotFile: string | undefined }
  | { type: 'failed'; name: string; message: string }
  | { type: 'saved'; outcome: SaveOutcome };

/** The worker could not be started: the caller may build in its own thread instead. */
export class WorkerStartError extends Error {}

export interface WorkerBuild {
  result: Promise<Built>;
  /** Settles once the worker has written the snapshot (or could not) and exited. */
  saved: Promise<SaveOutcome>;
}

/**
 * Builds in a worker thread. From TypeScript sources (tsx) the worker registers tsx itself before loading this
 * module (Node 20's workers do not inherit tsx's loader); from compiled JavaScript it loads this file directly.
 */
export function buildInWorker(input: BuildInput, onProgress?: BuildProgress): WorkerBuild {
  let resolveSaved!: (outcome: SaveOutcome) => void;
  const saved = new Promise<SaveOutcome>((resolve) => (resolveSaved = resolve));
  let outcome = SKIPPED;
  const result = new Promise<Built>((resolve, reject) => {
    let worker: Worker;
    try {
      worker = spawn({ kind: WORKER_KIND, input });
    } catch (error) {
      resolveSaved(SKIPPED);
      reject(new WorkerStartError(`cannot start the index worker: ${(error as Error).message}`));
      return;
    }
    let settled = false;
    let started = false;
    // Before 'started' a failure means the worker could not run this module (the caller may build in its own
    // thread); after it, the build itself failed (out of memory, say), and building here would fail the same way.
    const failure = (message: string) =>
      started
        ? new Error(`the index build failed: ${message}`)
        : new WorkerStartError(`cannot start the index worker: ${message}`);
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'started') started = true;
      else if (message.type === 'progress') onProgress?.(message.phase, message.done, message.total);
      else if (message.type === 'done') {
        settled = true;
        // A worker that stops before it says how the snapshot went was stopped while writing it.
        if (message.snapshotFile)
          outcome = {
            status: 'failed',
            file: message.snapshotFile,
            reason: 'the index worker stopped while writing it',
          };
        resolve({
          buffer: message.buffer,
          text: message.text,
          report: message.report,
          snapshotFile: message.snapshotFile,
        });
      } else if (message.type === 'failed') {
        settled = true;
        reject(fromWorkerError(message.name, message.message));
      } else if (message.type === 'saved') {
        // `saved` settles only when the worker has exited, its memory given back.
        outcome = message.outcome;
      }
    });
    worker.on('error', (error) => {
      if (!settled) reject(failure(error.message));
      settled = true;
    });
    worker.on('exit', (code) => {
      if (!settled) reject(failure(`the worker stopped (exit code ${code})`));
      settled = true;
      resolveSaved(outcome);
    });
  });
  return { result, saved };
}

// Errors cross the thread boundary as a name and a message: the ones callers tell apart are made again.
function workerErrorName(error: Error): string {
  return error instanceof ContentFolderError
    ? 'ContentFolderError'
    : error instanceof SourceError
      ? 'SourceError'
      : error.name;
}

function fromWorkerError(name: string, message: string): Error {
  if (name === 'ContentFolderError') return new ContentFolderError(message);
  if (name === 'SourceError') return new SourceError(message);
  return Object.assign(new Error(message), { name });
}

function spawn(data: { kind: string; input: BuildInput }): Worker {
  return startWorker(import.meta.url, data);
}

if (!isMainThread && parentPort && (workerData as { kind?: string } | undefined)?.kind === WORKER_KIND) {
  const port = parentPort;
  const { input } = workerData as { input: BuildInput };
  // On Linux the nice value is per thread: this lowers the worker only, so that when both want the CPU, the thread
  // answering questions wins.
  try {
    os.setPriority(19);
  } catch {
    // Not allowed here: build at normal priority.
  }
  port.postMessage({ type: 'started' } satisfies FromWorker);
  let shown = 0;
  const progress: BuildProgress = (phase, done, total) => {
    const now = performance.now();
    if (done !== total && now - shown < 100) return;
    shown = now;
    port.postMessage({ type: 'progress', phase, done, total } satisfies FromWorker);
  };
  buildCatalog(input, progress).then(
    async (built) => {
      port.postMessage({ type: 'done', ...built } satisfies FromWorker);
      port.postMessage({ type: 'saved', outcome: await save(built) } satisfies FromWorker);
    },
    (error: Error) =>
      port.postMessage({ type: 'failed', name: workerErrorName(error), message: error.message } satisfies FromWorker),
  );
}
