// Automatic refresh: the blog's sources are checked every REFRESH_INTERVAL, and content folders are watched when
// WATCH_CONTENT is on. A refresh that finds a change is the same atomic reload as /reload, with the same report.
// Failures back off (the wait doubles, up to a cap) while the last good content keeps being served.
import { watch, type FSWatcher } from 'node:fs';
import { RACY_MS } from './content/walk.js';
import type { Config } from './config.js';
import { formatProblem } from './content/post.js';
import type { ContentSource } from './content/sources/source.js';
import type { Library, ReloadReport } from './library.js';
import type { Logger } from './log.js';

/** REFRESH_INTERVAL's default when a source is on the web; folders alone are not polled (see WATCH_CONTENT). */
export const DEFAULT_WEB_INTERVAL_MS = 30 * 60 * 1000;
/**
 * The longest wait between tries after failures, whatever the interval (a blog down for days is tried 4 times a day).
 */
export const MAX_BACKOFF_MS = 6 * 60 * 60 * 1000;
/**
 * While no source could be read yet (a blog down at start), it is tried again this soon (or at the interval, when
 * shorter), even with REFRESH_INTERVAL=0: answers say to try again in a minute.
 */
export const UNLOADED_RETRY_MS = 60 * 1000;
/**
 * A folder is reloaded this long after its last change: editors write a file in several steps, and a scan taken
 * more than RACY_MS after the last write gives a key the snapshot can be saved under.
 */
export const WATCH_DEBOUNCE_MS = RACY_MS + 500;

/** REFRESH_INTERVAL as set (0: off), else 30 minutes when a source is on the web, else off. */
export function refreshInterval(setting: number | undefined, sources: readonly Pick<ContentSource, 'kind'>[]): number {
  if (setting !== undefined) return setting;
  return sources.some((source) => source.kind !== 'folder') ? DEFAULT_WEB_INTERVAL_MS : 0;
}

/** The wait before the next check: the interval, doubled for each failure in a row, capped. */
export function nextDelay(intervalMs: number, failures: number, maxMs = MAX_BACKOFF_MS): number {
  if (failures === 0) return intervalMs;
  return Math.min(Math.max(intervalMs, maxMs), intervalMs * 2 ** Math.min(failures, 30));
}

export type RefreshTrigger = 'timer' | 'watch';

export type RefreshOutcome =
  /** A reload ran (a source in it may have failed: its posts are kept, and the report says why). */
  (
    | { status: 'reloaded'; report: ReloadReport }
    /** No source could be read: nothing changed in what is served. */
    | { status: 'failed'; reason: string }
  ) & {
    trigger: RefreshTrigger;
    /** Some source could not be read, or some post failed. */
    problems: boolean;
    /**
     * It has problems, and not the same as the refresh before (a blog down for a day is told once, not at every try).
     */
    newProblems: boolean;
    /** When the next timed check comes (longer after failures); 0 without a timer. */
    retryInMs: number;
  };

export interface RefreshOptions {
  /** Milliseconds between checks (REFRESH_INTERVAL); 0: no timer. */
  intervalMs: number;
  /** Watch the content folders among the sources, and refresh WATCH_DEBOUNCE_MS after their last change. */
  watch?: boolean;
  /** A folder that cannot be watched (removed, too many files for the system's watch limit): one sentence. */
  onWarning?: (message: string) => void;
  /** Scheduling, replaceable in tests: `setTimeout` by default, never keeping the process alive on its own. */
  timer?: (run: () => void, ms: number) => () => void;
  maxBackoffMs?: number;
  debounceMs?: number;
}

const realTimer = (run: () => void, ms: number) => {
  const handle = setTimeout(run, ms);
  handle.unref();
  return () => clearTimeout(handle);
};

/** Runs the refreshes of one library until stopped. */
export class Refresher {
  private failures = 0;
  /** What the problems of the last refresh were (see RefreshOutcome.newProblems). */
  private lastProblems = '';
  private cancelTimer: (() => void) | undefined;
  private cancelDebounce: (() => void) | undefined;
  private readonly watchers: FSWatcher[] = [];
  private running: Promise<RefreshOutcome | undefined> | undefined;
  private stopped = false;
  private readonly listeners = new Set<(outcome: RefreshOutcome) => void>();

  constructor(
    private readonly library: Library,
    private readonly options: RefreshOptions,
  ) {}

  /** Starts the timer and the watchers. */
  start(): this {
    this.schedule();
    if (this.options.watch)
      for (const source of this.library.sources) if (source.kind === 'folder') this.watchFolder(source.spec);
    return this;
  }

  stop(): void {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelDebounce?.();
    for (const watcher of this.watchers.splice(0)) watcher.close();
  }

  /** Told of every refresh that reloaded or failed (a check that found nothing changed is not told). */
  onRefresh(listener: (outcome: RefreshOutcome) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** How many refreshes in a row could not read everything (each one doubles the wait, see nextDelay). */
  get failuresInARow(): number {
    return this.failures;
  }

  /**
   * Checks the sources now (concurrent calls share one check) and reloads when one changed or cannot be asked.
   * Resolves with what happened, undefined when nothing changed.
   */
  refresh(trigger: RefreshTrigger = 'timer'): Promise<RefreshOutcome | undefined> {
    this.running ??= this.check(trigger).finally(() => (this.running = undefined));
    return this.running;
  }

  private async check(trigger: RefreshTrigger): Promise<RefreshOutcome | undefined> {
    let result: { status: 'reloaded'; report: ReloadReport } | { status: 'failed'; reason: string };
    let problems: string[];
    try {
      if (!(await this.library.changed())) {
        // Every source answers as at its last good read: whatever failed before is back.
        this.failures = 0;
        this.lastProblems = '';
        return undefined;
      }
      const report = await this.library.reload();
      const failed = report.sources.filter((source) => source.status === 'failed');
      this.failures = failed.length > 0 ? this.failures + 1 : 0;
      result = { status: 'reloaded', report };
      problems = [
        ...failed.map((source) => `${source.source}: ${source.reason}`),
        ...report.problems.map((problem) => `${problem.file}:${problem.line}: ${problem.reason}`),
      ];
    } catch (error) {
      this.failures++;
      const reason = error instanceof Error ? error.message : String(error);
      result = { status: 'failed', reason };
      problems = [reason];
    }
    const signature = problems.sort().join('\n');
    const outcome: RefreshOutcome = {
      ...result,
      trigger,
      problems: problems.length > 0,
      newProblems: problems.length > 0 && signature !== this.lastProblems,
      retryInMs: this.delay(),
    };
    this.lastProblems = signature;
    for (const listener of this.listeners) listener(outcome);
    return outcome;
  }

  /** Until the next timed check; 0: none (REFRESH_INTERVAL=0 once the content is loaded). */
  private delay(): number {
    const interval = this.options.intervalMs;
    if (!this.library.loaded)
      return nextDelay(
        interval > 0 ? Math.min(interval, UNLOADED_RETRY_MS) : UNLOADED_RETRY_MS,
        this.failures,
        DEFAULT_WEB_INTERVAL_MS,
      );
    return interval > 0 ? nextDelay(interval, this.failures, this.options.maxBackoffMs) : 0;
  }

  private schedule(): void {
    const ms = this.delay();
    if (this.stopped || ms <= 0) return;
    this.cancelTimer?.();
    this.cancelTimer = (this.options.timer ?? realTimer)(() => {
      void this.refresh('timer').finally(() => this.schedule());
    }, ms);
  }

  private watchFolder(folder: string): void {
    let watcher: FSWatcher;
    try {
      // Recursive watching works on Linux from Node 20 (and on macOS and Windows natively).
      watcher = watch(folder, { recursive: true }, () => this.changedOnDisk());
    } catch (error) {
      this.options.onWarning?.(
        `The content folder ${folder} cannot be watched ` +
          `(${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): ` +
          'changes are picked up by /reload only.',
      );
      return;
    }
    watcher.on('error', (error: NodeJS.ErrnoException) => {
      this.options.onWarning?.(
        `Watching the content folder ${folder} stopped ` +
          `(${error.code ?? error.message}): changes are picked up by /reload only.`,
      );
      watcher.close();
    });
    this.watchers.push(watcher);
  }

  private changedOnDisk(): void {
    if (this.stopped) return;
    this.cancelDebounce?.();
    this.cancelDebounce = (this.options.timer ?? realTimer)(
      () => void this.refresh('watch'),
      this.options.debounceMs ?? WATCH_DEBOUNCE_MS,
    );
  }
}

/** The refresher the settings ask for (REFRESH_INTERVAL, WATCH_CONTENT), logging what each refresh did. */
export function refresherFor(
  config: Pick<Config, 'REFRESH_INTERVAL' | 'WATCH_CONTENT'>,
  library: Library,
  log: Logger,
  options: Partial<RefreshOptions> = {},
): Refresher {
  const refresher = new Refresher(library, {
    intervalMs: refreshInterval(config.REFRESH_INTERVAL, library.sources),
    watch: config.WATCH_CONTENT,
    onWarning: (message) => log.warn(message),
    ...options,
  });
  refresher.onRefresh((outcome) => {
    const next = { trigger: outcome.trigger, retryInMs: outcome.retryInMs };
    if (outcome.status === 'failed') {
      log.error(next, `refresh failed: ${outcome.reason} The posts already loaded are still served.`);
      return;
    }
    const { report } = outcome;
    for (const source of report.sources)
      if (source.status === 'failed')
        log.warn({ ...next, source: source.label }, `refresh: ${source.reason} Its last good posts are still served.`);
    log.info(
      {
        ...next,
        added: report.added,
        changed: report.changed,
        removed: report.removed,
        problems: report.problems.map(formatProblem),
        posts: report.postCount,
      },
      'refresh: reloaded',
    );
  });
  return refresher;
}
