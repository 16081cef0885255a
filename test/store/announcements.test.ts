// The announcements' ledger in SQLite: a source's first load is recorded silently, a new post is claimed once even by
// two processes sharing DATA_DIR, and a restart remembers everything.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findNewPosts } from '../../src/announcements.js';
import type { ServedPost } from '../../src/library.js';
import { SqliteAnnouncementLedger } from '../../src/store/announcements.js';
import { tempDir } from '../content/factories.js';

const FEED = 'feed:https://blog.example/feed';
const NOW = new Date('2024-05-10T12:00:00Z');
const open: SqliteAnnouncementLedger[] = [];
afterEach(() => {
  for (const ledger of open.splice(0)) ledger.close();
});

function ledger(dataDir: string): SqliteAnnouncementLedger {
  const opened = SqliteAnnouncementLedger.open(dataDir);
  open.push(opened);
  return opened;
}

function post(id: string, date = '2024-05-10'): ServedPost {
  return {
    source: FEED,
    id,
    slug: id,
    title: `Post ${id}`,
    date,
    url: `https://blog.example/${id}/`,
    file: `https://blog.example/${id}/`,
    fingerprint: 'f',
    hash: 'h',
  };
}

const read = new Set([FEED]);

describe('SqliteAnnouncementLedger', () => {
  it('records a first load silently, then announces a new post once, and remembers it after a restart', () => {
    const dataDir = path.join(tempDir(), 'data');
    const first = ledger(dataDir);
    expect(findNewPosts([post('a'), post('old', '2020-01-01')], read, first, NOW)).toMatchObject({
      announce: [],
      firstLoad: 2,
    });
    expect(first.knownSources()).toEqual(new Set([FEED]));
    expect(
      findNewPosts([post('a'), post('old', '2020-01-01'), post('b')], read, first, NOW).announce.map(
        (entry) => entry.id,
      ),
    ).toEqual(['b']);
    first.close();
    open.splice(open.indexOf(first), 1);

    const restarted = ledger(dataDir);
    expect(restarted.recordedIds(FEED)).toEqual(new Set(['a', 'old', 'b']));
    expect(findNewPosts([post('a'), post('old', '2020-01-01'), post('b')], read, restarted, NOW).announce).toEqual([]);
  });

  it('lets only one of two processes sharing DATA_DIR claim a post', () => {
    const dataDir = path.join(tempDir(), 'data');
    const one = ledger(dataDir);
    const other = ledger(dataDir);
    findNewPosts([post('a')], read, one, NOW);
    const claims = [one, other].map((shard) => shard.record([{ source: FEED, id: 'b', how: 'announced' }], [], NOW));
    expect(claims.flat()).toEqual([{ source: FEED, id: 'b' }]);
    expect(other.recordedIds(FEED)).toEqual(new Set(['a', 'b']));
  });
});
