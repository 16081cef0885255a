// Which posts are announced: none at a source's first load, a new one once, an edit never, a backfill silently, a
// post dated in the future on its day, and never by two processes sharing the ledger.
import { describe, expect, it } from 'vitest';
import { findNewPosts, type AnnouncementLedger, type Recorded } from '../src/announcements.js';
import type { ServedPost } from '../src/library.js';

const FEED = 'feed:https://blog.example/feed';
const FOLDER = 'folder:/srv/blog';
const NOW = new Date('2024-05-10T12:00:00Z');

function post(id: string, date = '2024-05-10', source = FEED, title = `Post ${id}`): ServedPost {
  return {
    source,
    id,
    slug: id,
    title,
    date,
    url: `https://blog.example/${id}/`,
    file: `https://blog.example/${id}/`,
    fingerprint: 'f',
    hash: 'h',
  };
}

/** The ledger's contract in memory: what the SQLite store keeps (its own tests hold it to the same). */
class MemoryLedger implements AnnouncementLedger {
  readonly rows = new Map<string, Recorded>();
  readonly sources = new Set<string>();
  knownSources() {
    return new Set(this.sources);
  }
  recordedIds(source: string) {
    return new Set(
      [...this.rows.keys()].filter((key) => key.startsWith(`${source}\n`)).map((key) => key.slice(source.length + 1)),
    );
  }
  record(posts: ReadonlyArray<{ source: string; id: string; how: Recorded }>, sources: readonly string[], _at: Date) {
    for (const source of sources) this.sources.add(source);
    return posts.filter((entry) => {
      const key = `${entry.source}\n${entry.id}`;
      if (this.rows.has(key)) return false;
      this.rows.set(key, entry.how);
      return true;
    });
  }
}

const slugs = (posts: ServedPost[]) => posts.map((entry) => entry.slug);

describe('findNewPosts', () => {
  it("announces nothing at a source's first load, then each new post once", () => {
    const ledger = new MemoryLedger();
    const first = findNewPosts([post('a', '2024-05-09'), post('b', '2024-05-10')], new Set([FEED]), ledger, NOW);
    expect(first).toEqual({ announce: [], firstLoad: 2, backfill: 0, scheduled: 0 });

    const served = [post('a', '2024-05-09'), post('b', '2024-05-10'), post('c', '2024-05-10')];
    expect(slugs(findNewPosts(served, new Set([FEED]), ledger, NOW).announce)).toEqual(['c']);
    expect(findNewPosts(served, new Set([FEED]), ledger, NOW).announce).toEqual([]);
  });

  it('never announces an edited post: it is known by its source and id, not its title or text', () => {
    const ledger = new MemoryLedger();
    findNewPosts([post('a')], new Set([FEED]), ledger, NOW);
    const edited = { ...post('a', '2024-05-10', FEED, 'A new title'), hash: 'other text' };
    expect(findNewPosts([edited], new Set([FEED]), ledger, NOW).announce).toEqual([]);
  });

  it('adds a post dated more than 7 days before it was found silently, as backfill', () => {
    const ledger = new MemoryLedger();
    findNewPosts([post('a')], new Set([FEED]), ledger, NOW);
    const found = findNewPosts(
      [post('a'), post('old', '2024-04-02'), post('recent', '2024-05-04')],
      new Set([FEED]),
      ledger,
      NOW,
    );
    expect(slugs(found.announce)).toEqual(['recent']);
    expect(found.backfill).toBe(1);
    expect(ledger.rows.get(`${FEED}\nold`)).toBe('backfill');
  });

  it('announces a post dated in the future once its day has come', () => {
    const ledger = new MemoryLedger();
    findNewPosts([], new Set([FEED]), ledger, NOW);
    const served = [post('soon', '2024-05-12')];
    expect(findNewPosts(served, new Set([FEED]), ledger, NOW)).toMatchObject({ announce: [], scheduled: 1 });
    expect(slugs(findNewPosts(served, new Set([FEED]), ledger, new Date('2024-05-12T08:00:00Z')).announce)).toEqual([
      'soon',
    ]);
  });

  it('treats a source added later, or read for the first time after failing, as a first load', () => {
    const ledger = new MemoryLedger();
    // The feed failed from the start: none of its posts are served, and it is not known yet.
    findNewPosts([post('x', '2024-05-10', FOLDER)], new Set([FOLDER]), ledger, NOW);
    const both = [post('x', '2024-05-10', FOLDER), post('a'), post('b')];
    expect(findNewPosts(both, new Set([FOLDER, FEED]), ledger, NOW)).toMatchObject({ announce: [], firstLoad: 2 });
    expect(slugs(findNewPosts([...both, post('c')], new Set([FOLDER, FEED]), ledger, NOW).announce)).toEqual(['c']);
  });

  it('announces a post found by two processes sharing the ledger only once', () => {
    const ledger = new MemoryLedger();
    findNewPosts([post('a')], new Set([FEED]), ledger, NOW);
    const served = [post('a'), post('b')];
    // The other process looked at the ledger before this one recorded "b": only one of them gets to record it.
    const before = ledger.recordedIds(FEED);
    const other: AnnouncementLedger = {
      knownSources: () => ledger.knownSources(),
      recordedIds: () => before,
      record: (...args) => ledger.record(...args),
    };
    const one = findNewPosts(served, new Set([FEED]), ledger, NOW);
    const late = findNewPosts(served, new Set([FEED]), other, NOW);
    expect(slugs(one.announce)).toEqual(['b']);
    expect(late.announce).toEqual([]);
  });

  it('gives the new posts oldest first', () => {
    const ledger = new MemoryLedger();
    findNewPosts([], new Set([FEED]), ledger, NOW);
    const found = findNewPosts(
      [post('z', '2024-05-10'), post('y', '2024-05-08'), post('x', '2024-05-09')],
      new Set([FEED]),
      ledger,
      NOW,
    );
    expect(slugs(found.announce)).toEqual(['y', 'x', 'z']);
  });
});
