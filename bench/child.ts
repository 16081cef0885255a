// One measurement in its own process (so heaps and JIT state never mix): one engine on one corpus. Builds the engine,
// warms it up with one untimed round of the query set, times rounds of it, then measures what comes after (blogbot:
// the idle query load, a reload under load) and prints one line `BENCH_RESULT {json}` on standard output.
//
// With --interleaved (how bench/run.ts runs it), the rounds are timed on orders, so that the parent can interleave
// the engines' rounds and time every engine under the same machine conditions (this 2-core machine's stalls come and
// go over tens of seconds): the child prints `BENCH_READY` once built and warmed up, then reads one order a line on
// standard input: `warm-up` (one more untimed round: it may have waited long for its turn, its caches cold), `round`
// (time one round of each query mode), each answered `BENCH_DONE` when done, or `finish`.
// Without it the child times --rounds rounds by itself; by hand:
//   node --expose-gc --import tsx bench/child.ts --engine blogbot --dir DIR --queries FILE --cache DIR
import { readFile, stat } from 'node:fs/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadContent } from '../src/content/load.js';
import { toParagraphs } from '../src/content/paragraphs.js';
import { Library, WORKER_MIN_FILES } from '../src/library.js';
import { PEERS, type BenchDoc } from './engines.js';

export interface Latency {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  qps: number;
  count: number;
}

export interface ChildResult {
  engine: string;
  posts: number;
  /** Reading the folder (peers: loadContent + plain text; blogbot: included in buildMs). */
  readMs?: number;
  /** From nothing to answering: blogbot's Library.open without a snapshot; peers' read + index. */
  buildMs?: number;
  heapMB?: number;
  externalMB?: number;
  rssMB?: number;
  /** Per query mode (blogbot: library.ask, the whole answer path). */
  latency: Record<string, Latency>;
  snapshotMB?: number;
  /** blogbot-restart: Library.open from the snapshot. */
  readyMs?: number;
  fromSnapshot?: boolean;
  reload?: ReloadFigures;
  /** Event-loop delay with the same query load and no reload, for comparison (machine noise). */
  idleLoop?: { maxMs: number; p99Ms: number };
  error?: string;
}

export interface ReloadFigures {
  ms: number;
  inWorker: boolean;
  answered: number;
  failed: number;
  loopMaxMs: number;
  loopP99Ms: number;
  askP99Ms: number;
  askMaxMs: number;
}

const { values } = parseArgs({
  options: {
    engine: { type: 'string' },
    dir: { type: 'string' },
    queries: { type: 'string' },
    cache: { type: 'string' },
    rounds: { type: 'string', default: '10' },
    interleaved: { type: 'boolean', default: false },
  },
});
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const rounds = Number(values.rounds);

function settle(): { heap: number; external: number; rss: number } {
  gc();
  gc();
  const usage = process.memoryUsage();
  return { heap: usage.heapUsed, external: usage.arrayBuffers, rss: usage.rss };
}

const MB = 1024 * 1024;

export function summarize(samples: number[], totalMs: number): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (share: number) => sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0;
  return {
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: sorted[sorted.length - 1] ?? 0,
    qps: samples.length / (totalMs / 1000),
    count: samples.length,
  };
}

/** An engine built and ready to be timed: its query modes, and what it measures once the rounds are done. */
interface Prepared {
  /** The queries of one round (blogbot-restart: the first few, as a bot's first questions after a restart). */
  queries: readonly string[];
  modes: Record<string, (query: string) => unknown>;
  finish(latency: Record<string, Latency>): Promise<ChildResult>;
}

/** Every query timed so far, per mode. */
type Samples = Record<string, { samples: number[]; totalMs: number }>;

/** JIT, caches: one untimed round of each mode. */
async function warmUp(prepared: Prepared): Promise<void> {
  for (const ask of Object.values(prepared.modes)) for (const query of prepared.queries) await ask(query);
}

async function timeRound(prepared: Prepared, timed: Samples): Promise<void> {
  for (const [mode, ask] of Object.entries(prepared.modes)) {
    const into = (timed[mode] ??= { samples: [], totalMs: 0 });
    for (const query of prepared.queries) {
      const started = performance.now();
      await ask(query);
      const took = performance.now() - started;
      into.samples.push(took);
      into.totalMs += took;
    }
  }
}

/** Times rounds on the parent's orders (see the header); false when the orders end without `finish`. */
async function timeRoundsOnOrders(prepared: Prepared, timed: Samples): Promise<boolean> {
  process.stdout.write('BENCH_READY\n');
  for await (const order of createInterface({ input: process.stdin })) {
    if (order === 'finish') return true;
    if (order === 'warm-up') await warmUp(prepared);
    else if (order === 'round') await timeRound(prepared, timed);
    else throw new Error(`unknown order ${JSON.stringify(order)}`);
    process.stdout.write('BENCH_DONE\n');
  }
  return false;
}

/**
 * Asks one query every QUERY_EVERY_MS (a busy Discord server) until stopped, timing each ask and the event loop's
 * delays meanwhile (an ask itself blocks the loop: the delays include the asks).
 */
const RESOLUTION_MS = 5;
const QUERY_EVERY_MS = 20;

function queryLoad(library: Library, queries: readonly string[]) {
  // The histogram holds whole timer intervals: a stall is what exceeds the resolution.
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  const asks: number[] = [];
  let failed = 0;
  let next = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    if (stopped) return;
    const started = performance.now();
    try {
      library.ask(queries[next++ % queries.length]!);
    } catch {
      failed++;
    }
    asks.push(performance.now() - started);
    timer = setTimeout(tick, QUERY_EVERY_MS);
  };
  tick();
  return () => {
    stopped = true;
    clearTimeout(timer);
    histogram.disable();
    const sorted = [...asks].sort((a, b) => a - b);
    return {
      answered: asks.length,
      failed,
      loopMaxMs: Math.max(0, histogram.max / 1e6 - RESOLUTION_MS),
      loopP99Ms: Math.max(0, histogram.percentile(99) / 1e6 - RESOLUTION_MS),
      askP99Ms: sorted[Math.floor(sorted.length * 0.99)] ?? 0,
      askMaxMs: sorted[sorted.length - 1] ?? 0,
    };
  };
}

async function blogbot(dir: string, queries: string[], cacheDir: string): Promise<Prepared> {
  const before = settle();
  const started = performance.now();
  const library = await Library.open({ contentDir: dir, cacheDir, warmUp: true });
  const buildMs = performance.now() - started;
  await library.saved();
  const after = settle();
  const snapshotMB = library.snapshot.file
    ? (await stat(library.snapshot.file).catch(() => ({ size: 0 }))).size / MB
    : undefined;
  return {
    queries,
    modes: { blogbot: (query) => library.ask(query) },
    finish: async (latency) => {
      const stopIdle = queryLoad(library, queries);
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const idle = stopIdle();

      const stopLoad = queryLoad(library, queries);
      const reloadStarted = performance.now();
      await library.reload();
      const reloadMs = performance.now() - reloadStarted;
      const load = stopLoad();
      await library.saved();
      return {
        engine: 'blogbot',
        posts: library.posts.length,
        buildMs,
        heapMB: (after.heap - before.heap) / MB,
        // The shared block a worker built is accounted to the worker's allocator, not this thread's: the library
        // says what it holds (the index, and the posts' text only when it could not be left in the snapshot file).
        externalMB: Math.max((after.external - before.external) / MB, library.blockBytes / MB),
        rssMB: after.rss / MB,
        latency,
        ...(snapshotMB !== undefined && { snapshotMB }),
        fromSnapshot: library.snapshot.loaded,
        idleLoop: { maxMs: idle.loopMaxMs, p99Ms: idle.loopP99Ms },
        reload: { ms: reloadMs, inWorker: library.posts.length >= WORKER_MIN_FILES, ...load },
      };
    },
  };
}

async function blogbotRestart(dir: string, queries: string[], cacheDir: string): Promise<Prepared> {
  const before = settle();
  const started = performance.now();
  const library = await Library.open({ contentDir: dir, cacheDir, warmUp: true });
  const readyMs = performance.now() - started;
  const after = settle();
  return {
    queries: queries.slice(0, 10),
    modes: { 'first queries after restart': (query) => library.ask(query) },
    finish: async (latency) => ({
      engine: 'blogbot-restart',
      posts: library.posts.length,
      readyMs,
      fromSnapshot: library.snapshot.loaded,
      heapMB: (after.heap - before.heap) / MB,
      externalMB: (after.external - before.external) / MB,
      rssMB: after.rss / MB,
      latency,
    }),
  };
}

async function peer(name: string, dir: string, queries: string[]): Promise<Prepared> {
  const make = PEERS[name];
  if (!make) throw new Error(`unknown engine ${name}`);
  const before = settle();
  const started = performance.now();
  const { posts } = await loadContent(dir);
  let docs: BenchDoc[] = posts.map((post, id) => ({
    id,
    title: post.title,
    text: toParagraphs(post.body)
      .map((p) => p.text)
      .join('\n\n'),
  }));
  posts.length = 0;
  const readMs = performance.now() - started;
  const index = await make(docs);
  const buildMs = performance.now() - started;
  const count = docs.length;
  // Let go of the documents so that the memory measured next is the index's alone.
  // eslint-disable-next-line no-useless-assignment
  docs = [];
  const after = settle();
  return {
    queries,
    modes: index.modes,
    finish: async (latency) => ({
      engine: name,
      posts: count,
      readMs,
      buildMs,
      heapMB: (after.heap - before.heap) / MB,
      externalMB: (after.external - before.external) / MB,
      rssMB: after.rss / MB,
      latency,
    }),
  };
}

async function main(): Promise<void> {
  const queries = JSON.parse(await readFile(values.queries!, 'utf8')) as string[];
  const engine = values.engine!;
  const prepared =
    engine === 'blogbot'
      ? await blogbot(values.dir!, queries, values.cache!)
      : engine === 'blogbot-restart'
        ? await blogbotRestart(values.dir!, queries, values.cache!)
        : await peer(engine, values.dir!, queries);
  await warmUp(prepared);
  const timed: Samples = {};
  if (!values.interleaved) for (let round = 0; round < rounds; round++) await timeRound(prepared, timed);
  else if (!(await timeRoundsOnOrders(prepared, timed))) throw new Error('the orders ended before `finish`');
  const latency: Record<string, Latency> = {};
  for (const mode of Object.keys(prepared.modes))
    latency[mode] = summarize(timed[mode]?.samples ?? [], timed[mode]?.totalMs ?? 0);
  const result = await prepared.finish(latency);
  process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`);
}

await main();
process.exit(0);
