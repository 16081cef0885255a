// The automatic refresh: picks up a new post, leaves an unchanged blog alone, backs off while a source fails (the last
// good posts served all along), retries a blog that was down at start, and reloads after a watched folder changes.
// Timers are replaced by a recorder, so no test waits on the clock.
import { utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Post } from '../src/content/post.js';
import { Library } from '../src/library.js';
import {
  DEFAULT_WEB_INTERVAL_MS,
  MAX_BACKOFF_MS,
  nextDelay,
  Refresher,
  refreshInterval,
  UNLOADED_RETRY_MS,
  type RefreshOutcome,
} from '../src/refresh.js';
import { contentDir, postMarkdown } from './content/factories.js';
import { entryOf, essays, rssFeed } from './content/sources/feeds.js';
import { webServer } from './content/sources/web-server.js';

let posts: Post[];
beforeAll(async () => {
  posts = await essays();
});

/** A timer that runs nothing by itself: the test fires what was scheduled, and sees each wait asked for. */
function recordingTimer() {
  const waits: number[] = [];
  let due: (() => void) | undefined;
  return {
    waits,
    timer: (run: () => void, ms: number) => {
      waits.push(ms);
      due = run;
      return () => {
        if (due === run) due = undefined;
      };
    },
    /** Runs the scheduled check, as the clock would. */
    fire() {
      const run = due;
      due = undefined;
      run?.();
    },
  };
}

function nextOutcome(refresher: Refresher): Promise<RefreshOutcome> {
  return new Promise((resolve) => {
    const stop = refresher.onRefresh((outcome) => {
      stop();
      resolve(outcome);
    });
  });
}

describe('refreshInterval and nextDelay', () => {
  it('polls web sources every 30 minutes by default, folders not at all, and REFRESH_INTERVAL wins (0 is off)', () => {
    expect(refreshInterval(undefined, [{ kind: 'folder' }, { kind: 'feed' }])).toBe(DEFAULT_WEB_INTERVAL_MS);
    expect(refreshInterval(undefined, [{ kind: 'folder' }])).toBe(0);
    expect(refreshInterval(0, [{ kind: 'site' }])).toBe(0);
    expect(refreshInterval(2000, [{ kind: 'folder' }])).toBe(2000);
  });

  it('doubles the wait for each failure in a row, up to a cap', () => {
    expect([0, 1, 2, 3].map((failures) => nextDelay(60_000, failures))).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(nextDelay(DEFAULT_WEB_INTERVAL_MS, 10)).toBe(MAX_BACKOFF_MS);
    // An interval longer than the cap is never shortened.
    expect(nextDelay(24 * MAX_BACKOFF_MS, 3)).toBe(24 * MAX_BACKOFF_MS);
  });
});

describe('Refresher', () => {
  it('reloads when the feed has a new post, and leaves an unchanged feed alone', async () => {
    const feed = await webServer({ '/feed': { body: rssFeed(posts.slice(0, 3).map(entryOf)) } });
    const library = await Library.open({ sources: [`feed:${feed.origin}/feed`], cacheDir: false, worker: false });
    const clock = recordingTimer();
    const refresher = new Refresher(library, { intervalMs: 2000, timer: clock.timer }).start();
    expect(clock.waits).toEqual([2000]);

    const quiet = refresher.refresh();
    expect(await quiet).toBeUndefined();

    feed.routes['/feed'] = { body: rssFeed(posts.slice(0, 4).map(entryOf)) };
    const outcome = nextOutcome(refresher);
    clock.fire();
    expect(await outcome).toMatchObject({
      status: 'reloaded',
      trigger: 'timer',
      problems: false,
      newProblems: false,
      retryInMs: 2000,
    });
    expect(((await outcome) as { report: { added: string[] } }).report.added).toEqual([posts[3]!.slug]);
    expect(library.posts).toHaveLength(4);
    refresher.stop();
  });

  it('backs off while the feed fails, serving its last good posts, warns once, then resumes the interval', async () => {
    const feed = await webServer({ '/feed': { body: rssFeed(posts.slice(0, 2).map(entryOf)) } });
    const folder = contentDir({ 'local.md': postMarkdown() });
    // Not written seconds ago: the folder's change key then tells for sure that it did not change.
    const hourAgo = new Date(Date.now() - 3_600_000);
    await utimes(path.join(folder, 'local.md'), hourAgo, hourAgo);
    const library = await Library.open({
      sources: [folder, `feed:${feed.origin}/feed`],
      cacheDir: false,
      worker: false,
    });
    const clock = recordingTimer();
    const refresher = new Refresher(library, { intervalMs: 60_000, timer: clock.timer }).start();

    feed.routes['/feed'] = { status: 500, body: 'oops' };
    const seen: RefreshOutcome[] = [];
    refresher.onRefresh((outcome) => seen.push(outcome));
    for (let round = 0; round < 3; round++) await refresher.refresh();
    expect(seen.map((outcome) => [outcome.status, outcome.problems, outcome.newProblems, outcome.retryInMs])).toEqual([
      ['reloaded', true, true, 120_000],
      ['reloaded', true, false, 240_000],
      ['reloaded', true, false, 480_000],
    ]);
    expect(library.posts).toHaveLength(3);

    // Back as it was: nothing to reload, and the next check comes at the interval again.
    feed.routes['/feed'] = { body: rssFeed(posts.slice(0, 2).map(entryOf)) };
    clock.fire();
    await new Promise<void>((resolve) => {
      const wait = () => (clock.waits.length > 1 ? resolve() : setTimeout(wait, 5));
      wait();
    });
    expect(seen).toHaveLength(3);
    expect(refresher.failuresInARow).toBe(0);
    expect(clock.waits).toEqual([60_000, 60_000]);

    // Down again later: told again.
    feed.routes['/feed'] = { status: 500, body: 'oops' };
    expect(await refresher.refresh()).toMatchObject({ newProblems: true, retryInMs: 120_000 });
    refresher.stop();
  });

  it('tells a refresh that could read nothing as failed, keeping everything, and backs off from it', async () => {
    const feed = await webServer({ '/feed': { body: rssFeed(posts.slice(0, 2).map(entryOf)) } });
    const library = await Library.open({ sources: [`feed:${feed.origin}/feed`], cacheDir: false, worker: false });
    const refresher = new Refresher(library, { intervalMs: 1000, timer: recordingTimer().timer });
    feed.routes['/feed'] = { status: 404, body: 'gone' };
    const outcome = await refresher.refresh();
    expect(outcome).toMatchObject({
      status: 'failed',
      problems: true,
      newProblems: true,
      retryInMs: 2000,
      reason: expect.stringMatching(/404/),
    });
    expect(library.posts).toHaveLength(2);
  });

  it('keeps trying a blog that was down at start, even with the timer off, until it is read', async () => {
    const feed = await webServer({ '/feed': { status: 503, body: 'down' } });
    const library = await Library.open({
      sources: [`feed:${feed.origin}/feed`],
      cacheDir: false,
      startUnloaded: true,
      worker: false,
    });
    const clock = recordingTimer();
    const refresher = new Refresher(library, { intervalMs: 0, timer: clock.timer }).start();
    expect(clock.waits).toEqual([UNLOADED_RETRY_MS]);

    let outcome = nextOutcome(refresher);
    clock.fire();
    expect(await outcome).toMatchObject({ status: 'failed' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(clock.waits).toEqual([UNLOADED_RETRY_MS, 2 * UNLOADED_RETRY_MS]);

    feed.routes['/feed'] = { body: rssFeed(posts.slice(0, 2).map(entryOf)) };
    outcome = nextOutcome(refresher);
    clock.fire();
    expect(await outcome).toMatchObject({ status: 'reloaded', problems: false });
    expect(library.loaded).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    // Loaded, with REFRESH_INTERVAL=0: no more timed checks.
    expect(clock.waits).toHaveLength(2);
    refresher.stop();
  });

  it('with watching on, reloads a folder soon after a file in it changes', async () => {
    const folder = contentDir({ 'a.md': postMarkdown({ title: 'Alpha', slug: 'alpha' }) });
    const library = await Library.open({ contentDir: folder, cacheDir: false, worker: false });
    const refresher = new Refresher(library, { intervalMs: 0, watch: true, debounceMs: 50 }).start();
    const outcome = nextOutcome(refresher);
    await writeFile(
      path.join(folder, 'b.md'),
      postMarkdown({ title: 'Beta', slug: 'beta', url: 'https://blog.example/beta/' }),
    );
    expect(await outcome).toMatchObject({ status: 'reloaded', trigger: 'watch' });
    expect(library.posts.map((post) => post.slug).sort()).toEqual(['alpha', 'beta']);
    refresher.stop();
  });
});
