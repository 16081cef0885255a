// `npm run bench [-- --sizes essays,500,10k[,100k]] [--engines blogbot,flexsearch,...] [--json] [--budget-s 120]
// [--budget-mb 4096]`
// `npm run bench -- --question-log [--sizes essays]`: only what the question log adds to /ask (bench/question-log.ts).
//
// Generates the corpora (bench/corpora.ts), the query set (bench/queries.ts), then runs each engine on each size in a
// child process of its own (bench/child.ts) and prints one table: build time, heap / external / resident memory,
// p50/p95/p99 query latency and qps, blogbot's snapshot (size, restart time), its reload (time, event-loop delay
// while queries keep coming), and blogbot's ratios to each peer. The children build one after the other, each alone
// on the machine, then take turns timing one round of the query set each (bench/interleave.ts): this machine's stalls
// come and go over tens of seconds, and interleaving the rounds times every engine under the same conditions. A peer
// over the time or memory budget is reported as "did not finish". Timings are from one machine at one moment: compare
// rows of the same run, not runs.
//
// End-to-end figures (interactions through a fake Discord) plug in here: a module bench/e2e.ts exporting
// `measureEndToEnd({ size, dir, queries }): Promise<Array<{ label: string; value: string }>>` is run for each size
// when present, and its lines are printed under the size's table (and included in --json).
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { ChildResult, Latency } from './child.js';
import { BENCH_DIR, parseSize, prepareCorpus, PROJECT } from './corpora.js';
import { PEERS } from './engines.js';
import { type Outcome, runInterleaved } from './interleave.js';
import { benchQueries } from './queries.js';
import { measureQuestionLog } from './question-log.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CHILD = path.join(HERE, 'child.ts');

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: 'essays,500,10k' },
    engines: { type: 'string', default: ['blogbot', ...Object.keys(PEERS)].join(',') },
    json: { type: 'boolean', default: false },
    'budget-s': { type: 'string', default: '120' },
    'budget-mb': { type: 'string', default: '4096' },
    rounds: { type: 'string', default: '10' },
    'question-log': { type: 'boolean', default: false },
  },
});
const budgetS = Number(values['budget-s']);
const budgetMB = Number(values['budget-mb']);
const engines = values.engines
  .split(',')
  .map((name) => name.trim())
  .filter(Boolean);
const log = (line: string) => process.stderr.write(`${line}\n`);

interface SizeReport {
  size: string;
  dir: string;
  posts: number | undefined;
  queries: number;
  outcomes: Outcome[];
  endToEnd?: Array<{ label: string; value: string }>;
  questionLog?: Array<{ label: string; value: string }>;
}

async function runSize(name: string): Promise<SizeReport> {
  const spec = parseSize(name);
  const dir = await prepareCorpus(spec, log);
  await mkdir(BENCH_DIR, { recursive: true });
  const queries = await benchQueries(dir);
  if (values['question-log'])
    return {
      size: name,
      dir,
      posts: undefined,
      queries: queries.length,
      outcomes: [],
      questionLog: await questionLogFigures(name, dir, queries),
    };
  const queryFile = path.join(BENCH_DIR, `queries-${name}.json`);
  await writeFile(queryFile, JSON.stringify(queries));
  const cache = path.join(BENCH_DIR, `cache-${name}-${process.pid}`);
  await rm(cache, { recursive: true, force: true });
  const settings = {
    script: CHILD,
    args: ['--dir', dir, '--queries', queryFile, '--cache', cache],
    cwd: PROJECT,
    rounds: Number(values.rounds),
    budgetMB,
    log: (line: string) => log(`size ${name}: ${line}`),
  };
  let outcomes: Outcome[];
  try {
    // blogbot also measures a reload and a restart: it gets more time than one peer's build and queries.
    outcomes = await runInterleaved(
      engines.map((engine) => ({ engine, budgetS: engine === 'blogbot' ? budgetS * 5 : budgetS })),
      settings,
    );
    // The restart reads the snapshot blogbot left, alone on the machine once every other child has exited.
    const at = outcomes.findIndex((o) => o.ok && o.result.engine === 'blogbot');
    if (at >= 0)
      outcomes.splice(at + 1, 0, ...(await runInterleaved([{ engine: 'blogbot-restart', budgetS }], settings)));
  } finally {
    await rm(cache, { recursive: true, force: true });
  }
  const report: SizeReport = {
    size: name,
    dir,
    posts: outcomes.find((o) => o.ok)?.result.posts,
    queries: queries.length,
    outcomes,
  };
  const e2e = path.join(HERE, 'e2e.ts');
  if (existsSync(e2e)) {
    const module = (await import(pathToFileURL(e2e).href)) as {
      measureEndToEnd?: (input: {
        size: string;
        dir: string;
        queries: string[];
      }) => Promise<Array<{ label: string; value: string }>>;
    };
    if (module.measureEndToEnd) report.endToEnd = await module.measureEndToEnd({ size: name, dir, queries });
  }
  report.questionLog = await questionLogFigures(name, dir, queries);
  return report;
}

async function questionLogFigures(
  name: string,
  dir: string,
  queries: string[],
): Promise<Array<{ label: string; value: string }>> {
  log(`size ${name}: what the question log adds to /ask…`);
  return measureQuestionLog({ dir, queries });
}

// ---------------------------------------------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------------------------------------------

const fixed = (value: number | undefined, digits = 1, width = 8) =>
  (value === undefined || Number.isNaN(value) ? '–' : value.toFixed(digits)).padStart(width);

function machine(): string {
  const cpus = os.cpus();
  return (
    `${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ` +
    `${(os.totalmem() / 2 ** 30).toFixed(1)} GB RAM, ` +
    `Node ${process.version}, ${os.platform()}, load average ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`
  );
}

function table(reports: SizeReport[]): string {
  const lines: string[] = [];
  lines.push(`blogbot benchmark — ${machine()}`);
  lines.push(
    `Each engine in its own process, built alone; latency over ${values.rounds} rounds of the query set after a ` +
      `warm-up round, the engines' rounds interleaved (so all are timed under the same machine conditions). ` +
      `blogbot = library.ask (parse → retrieve → rank → excerpt); peers = bare post-level lookup.`,
  );
  for (const report of reports) {
    lines.push('');
    lines.push(`== ${report.size}: ${report.posts ?? '?'} posts, ${report.queries} queries (${report.dir})`);
    if (report.outcomes.length > 0)
      lines.push(
        `${'engine'.padEnd(22)}${'build s'.padStart(9)}${'heap MB'.padStart(9)}${'ext MB'.padStart(8)}` +
          `${'RSS MB'.padStart(8)}${'p50 ms'.padStart(9)}` +
          `${'p95 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'qps'.padStart(9)}`,
      );
    for (const outcome of report.outcomes) {
      if (!outcome.ok) {
        lines.push(`${outcome.engine.padEnd(22)}  did not finish: ${outcome.reason}`);
        continue;
      }
      const r = outcome.result;
      if (r.engine === 'blogbot-restart') continue;
      Object.entries(r.latency).forEach(([mode, latency], i) => {
        const label = r.engine === 'blogbot' ? 'blogbot (ask)' : mode;
        const build =
          i === 0
            ? `${fixed((r.buildMs ?? 0) / 1000, 2, 9)}` +
              `${fixed(r.heapMB, 1, 9)}${fixed(r.externalMB, 1, 8)}${fixed(r.rssMB, 0, 8)}`
            : `${'(same build)'.padStart(34)}`;
        lines.push(
          `${label.padEnd(22)}${build}${fixed(latency.p50, 2, 9)}` +
            `${fixed(latency.p95, 2, 9)}${fixed(latency.p99, 2, 9)}${fixed(latency.qps, 0, 9)}`,
        );
      });
    }
    const blogbot = find(report, 'blogbot');
    const restart = find(report, 'blogbot-restart');
    if (blogbot) {
      lines.push(
        `blogbot snapshot: ${fixed(blogbot.snapshotMB, 1, 0)} MB; restart ready in ` +
          (restart
            ? `${fixed((restart.readyMs ?? 0) / 1000, 2, 0)} s` +
              `${restart.fromSnapshot ? '' : ' (NOT from the snapshot)'}, ` +
              `heap ${fixed(restart.heapMB, 1, 0)} MB, ext ${fixed(restart.externalMB, 1, 0)} MB, ` +
              `RSS ${fixed(restart.rssMB, 0, 0)} MB`
            : 'n/a'),
      );
      const reload = blogbot.reload;
      if (reload) {
        lines.push(
          `blogbot reload (${reload.inWorker ? 'worker thread' : 'in thread'}): ${fixed(reload.ms / 1000, 2, 0)} s; ` +
            `${reload.answered} queries answered meanwhile ` +
            `(${reload.failed} failed), ask p99 ${fixed(reload.askP99Ms, 1, 0)} ms, ` +
            `max ${fixed(reload.askMaxMs, 1, 0)} ms; ` +
            `event-loop delay max ${fixed(reload.loopMaxMs, 1, 0)} ms, p99 ${fixed(reload.loopP99Ms, 1, 0)} ms` +
            (blogbot.idleLoop
              ? ` (same query load without reload: ` +
                `max ${fixed(blogbot.idleLoop.maxMs, 1, 0)} ms, p99 ${fixed(blogbot.idleLoop.p99Ms, 1, 0)} ms)`
              : ''),
        );
      }
      const ours = blogbot.latency.blogbot;
      const rows: string[] = [];
      for (const outcome of report.outcomes) {
        if (!outcome.ok || outcome.result.engine.startsWith('blogbot')) continue;
        const peer = outcome.result;
        for (const [mode, latency] of Object.entries(peer.latency)) {
          rows.push(
            `  ${mode.padEnd(20)}${ratio(blogbot.buildMs, peer.buildMs)}` +
              `${ratio(blogbot.heapMB, peer.heapMB)}` +
              `${ratio(sum(blogbot.heapMB, blogbot.externalMB), sum(peer.heapMB, peer.externalMB))}` +
              `${ratio(blogbot.rssMB, peer.rssMB)}${ratio(ours?.p50, latency.p50)}${ratio(ours?.p99, latency.p99)}`,
          );
        }
      }
      if (rows.length > 0) {
        lines.push(`blogbot ÷ peer (below 1: blogbot smaller/faster)${'build'.padStart(5)}`.replace(/build$/, ''));
        lines.push(
          `  ${''.padEnd(20)}${'build'.padStart(9)}${'heap'.padStart(9)}` +
            `${'heap+ext'.padStart(9)}${'RSS'.padStart(9)}${'p50'.padStart(9)}${'p99'.padStart(9)}`,
        );
        lines.push(...rows);
      }
    }
    if (!values['question-log']) {
      lines.push(
        report.endToEnd
          ? `end-to-end (fake Discord): ${report.endToEnd.map((row) => `${row.label} ${row.value}`).join('; ')}`
          : 'end-to-end (fake Discord): not measured yet (add bench/e2e.ts, see bench/run.ts)',
      );
    }
    if (report.questionLog)
      lines.push(`question log: ${report.questionLog.map((row) => `${row.label}: ${row.value}`).join('; ')}`);
  }
  return lines.join('\n');
}

function find(report: SizeReport, engine: string): ChildResult | undefined {
  const outcome = report.outcomes.find((o) => o.ok && o.result.engine === engine);
  return outcome?.ok ? outcome.result : undefined;
}

function sum(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : a + b;
}

function ratio(ours: number | undefined, theirs: number | undefined): string {
  if (ours === undefined || theirs === undefined || theirs <= 0) return '–'.padStart(9);
  return `${(ours / theirs).toFixed(2)}×`.padStart(9);
}

const reports: SizeReport[] = [];
for (const size of values.sizes
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean))
  reports.push(await runSize(size));
if (values.json) {
  process.stdout.write(
    `${JSON.stringify(
      {
        machine: machine(),
        rounds: Number(values.rounds),
        budget: { seconds: budgetS, megabytes: budgetMB },
        sizes: reports,
      },
      null,
      2,
    )}\n`,
  );
} else {
  process.stdout.write(`${table(reports)}\n`);
}

export type { Latency };
