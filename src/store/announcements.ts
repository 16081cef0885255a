// The announcements' ledger in the store: which content sources were read once, and every post seen, announced or
// added silently. The shards of a machine share it (DATA_DIR): a post's row is inserted once, and only the process
// whose insert went in announces the post.
import type { Statement } from 'better-sqlite3';
import type { AnnouncementLedger, Recorded } from '../announcements.js';
import { openStore, type Store, type StoreOptions } from './open.js';

export class SqliteAnnouncementLedger implements AnnouncementLedger {
  private readonly sources: Statement<[], { source: string }>;
  private readonly ids: Statement<[string], { post_id: string }>;
  private readonly addSource: Statement<[string, number]>;
  private readonly addPost: Statement<[string, string, Recorded, number]>;

  private constructor(private readonly store: Store) {
    const { db } = store;
    this.sources = db.prepare('SELECT source FROM announce_sources');
    this.ids = db.prepare('SELECT post_id FROM announced_posts WHERE source = ?');
    this.addSource = db.prepare('INSERT OR IGNORE INTO announce_sources (source, first_read_at) VALUES (?, ?)');
    this.addPost = db.prepare(
      'INSERT OR IGNORE INTO announced_posts (source, post_id, how, recorded_at) VALUES (?, ?, ?, ?)',
    );
  }

  /** Opens (creating it and DATA_DIR if needed) the database; throws when it cannot be opened or migrated. */
  static open(dataDir: string, options: StoreOptions = {}): SqliteAnnouncementLedger {
    return new SqliteAnnouncementLedger(openStore(dataDir, options));
  }

  knownSources(): Set<string> {
    return new Set(this.sources.all().map((row) => row.source));
  }

  recordedIds(source: string): Set<string> {
    return new Set(this.ids.all(source).map((row) => row.post_id));
  }

  record(
    posts: ReadonlyArray<{ source: string; id: string; how: Recorded }>,
    sources: readonly string[],
    at: Date,
  ): Array<{ source: string; id: string }> {
    const when = at.getTime();
    // IMMEDIATE: the write lock is taken first, so two shards recording at once take turns rather than fail.
    return this.store.db
      .transaction(() => {
        for (const source of sources) this.addSource.run(source, when);
        return posts
          .filter((post) => this.addPost.run(post.source, post.id, post.how, when).changes === 1)
          .map(({ source, id }) => ({ source, id }));
      })
      .immediate();
  }

  close(): void {
    this.store.close();
  }
}
