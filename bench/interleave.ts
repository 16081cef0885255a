// Runs the engines' children (bench/child.ts --interleaved) so that their latency rounds interleave in time: on this
// noisy 2-core machine stalls of several ms come and go over tens of seconds, and engines timed one after the other
// would be compared under different conditions (p99 would mostly say which engine ran during a noisy minute).
//   1. Build, one child at a time: each builds and warms up alone on the machine, says `BENCH_READY` and waits.
//   2. Rounds: each child in turn warms up again (the first one built has waited through the others' builds, and
//      after such a wait its first queries took several times longer), then for each round, each child in turn times
//      one round of the query set (every query mode), the order reversed every other round so that no engine always
//      goes first. One child runs at a time.
//   3. Finish, one child at a time: each measures the rest (blogbot: idle query load, reload under load), prints its
//      `BENCH_RESULT` and exits before the next is told to finish.
// A child over its time or memory budget is killed and reported as "did not finish"; the others carry on. Its time
// budget counts only while it works (building, timing its rounds, finishing), not while it waits for its turn.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { ChildResult } from './child.js';

export type Outcome = { ok: true; result: ChildResult } | { ok: false; engine: string; reason: string };

export interface EngineRun {
  engine: string;
  /** Seconds of work (build, rounds, finish) the child may take. */
  budgetS: number;
}

export interface Settings {
  /** The child script and the arguments every child gets (--dir, --queries, --cache). */
  script: string;
  args: string[];
  cwd: string;
  rounds: number;
  /** Resident memory a child may take. */
  budgetMB: number;
  log: (line: string) => void;
}

export async function runInterleaved(runs: EngineRun[], settings: Settings): Promise<Outcome[]> {
  const say = (child: EngineChild, what: string) =>
    settings.log(`${child.engine}: ${what} after ${(child.workedMs / 1000).toFixed(1)} s of work`);
  // Said once per child, when it is found gone (it may die while waiting for its turn).
  const over = new Set<EngineChild>();
  const gone = (child: EngineChild) => {
    if (over.has(child)) return;
    over.add(child);
    const outcome = child.outcome();
    say(child, outcome.ok ? 'done' : `did not finish (${outcome.reason})`);
  };
  const children: EngineChild[] = [];
  for (const run of runs) {
    settings.log(`${run.engine}: starting…`);
    const child = new EngineChild(run, settings);
    children.push(child);
    if (await child.ready()) say(child, 'ready');
    else gone(child);
  }
  if (children.length > 1) settings.log(`${settings.rounds} rounds, interleaved…`);
  const order = async (child: EngineChild, what: 'warm-up' | 'round') => {
    if (!(await child.order(what))) gone(child);
  };
  for (const child of children) await order(child, 'warm-up');
  for (let round = 0; round < settings.rounds; round++) {
    for (const child of round % 2 === 0 ? children : [...children].reverse()) await order(child, 'round');
  }
  for (const child of children) {
    await child.finish();
    gone(child);
  }
  return children.map((child) => child.outcome());
}

/** One child and its budget; each step resolves once the child has done it, or has died. */
class EngineChild {
  readonly engine: string;
  workedMs = 0;
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly budgetS: number;
  private readonly budgetMB: number;
  private readonly lines: string[] = [];
  private stderr = '';
  private killed: string | undefined;
  private exitCode: number | null | undefined;
  private signal: string | null = null;
  /** The step under way: the line it waits for (undefined: the exit), and how to end it. */
  private step: { until: string | undefined; done: () => void } | undefined;

  constructor(run: EngineRun, settings: Settings) {
    this.engine = run.engine;
    this.budgetS = run.budgetS;
    this.budgetMB = settings.budgetMB;
    this.child = spawn(
      process.execPath,
      [
        '--expose-gc',
        `--max-old-space-size=${settings.budgetMB}`,
        '--import',
        'tsx',
        settings.script,
        '--engine',
        run.engine,
        '--interleaved',
        ...settings.args,
      ],
      { cwd: settings.cwd, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    // A child that died cannot take orders: the write fails, and its exit ends the step.
    this.child.stdin.on('error', () => {});
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      this.lines.push(line);
      if (this.step?.until !== undefined && line === this.step.until) this.step.done();
    });
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-4000)));
    this.child.on('close', (code, signal) => {
      this.exitCode = code;
      this.signal = signal;
      this.step?.done();
    });
  }

  get alive(): boolean {
    return this.exitCode === undefined;
  }

  ready(): Promise<boolean> {
    return this.work(undefined, 'BENCH_READY');
  }

  order(order: 'warm-up' | 'round'): Promise<boolean> {
    return this.work(order, 'BENCH_DONE');
  }

  async finish(): Promise<void> {
    await this.work('finish', undefined);
  }

  outcome(): Outcome {
    const line = this.lines.find((text) => text.startsWith('BENCH_RESULT '));
    if (line && !this.killed)
      return { ok: true, result: JSON.parse(line.slice('BENCH_RESULT '.length)) as ChildResult };
    const reason =
      this.killed ??
      (/heap out of memory/i.test(this.stderr)
        ? `memory budget ${this.budgetMB} MB (heap)`
        : this.signal
          ? `killed by ${this.signal}`
          : `exit code ${this.exitCode}: ${errorLine(this.stderr)}`);
    return { ok: false, engine: this.engine, reason };
  }

  /**
   * Gives an order (none: the build) and waits for the line `until` (undefined: the exit), the time counted against
   * the budget; false if the child is gone.
   */
  private async work(order: string | undefined, until: string | undefined): Promise<boolean> {
    if (!this.alive) return false;
    const started = performance.now();
    const timer = setTimeout(
      () => this.stop(`time budget ${this.budgetS} s`),
      Math.max(0, this.budgetS * 1000 - this.workedMs),
    );
    const watch = setInterval(() => {
      const rss = residentMB(this.child.pid);
      if (rss !== undefined && rss > this.budgetMB) this.stop(`memory budget ${this.budgetMB} MB`);
    }, 250);
    await new Promise<void>((done) => {
      this.step = { until, done };
      if (order) this.child.stdin.write(`${order}\n`);
    });
    this.step = undefined;
    clearTimeout(timer);
    clearInterval(watch);
    this.workedMs += performance.now() - started;
    return this.alive;
  }

  private stop(reason: string): void {
    this.killed ??= reason;
    this.child.kill('SIGKILL');
  }
}

function residentMB(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** The error a child died of: its last line naming an error, else the last line of what it wrote (not stack frames). */
function errorLine(stderr: string): string {
  const lines = stderr
    .trim()
    .split('\n')
    .filter((line) => line.trim() !== '' && !/^\s+at /.test(line));
  return lines.filter((line) => /error/i.test(line)).at(-1) ?? lines.at(-1) ?? '(nothing on stderr)';
}
