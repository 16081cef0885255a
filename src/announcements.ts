// New-post announcements: which served posts to announce, each once. Never at a source's first load (what is there
// then was there before the bot), never an edit (a post is known by its source and id, not its text), a backfill (a
// post dated more than BACKFILL_DAYS before it was found) silently, a post dated in the future once its day comes.
// The ledger (the store, shared by the shards of a machine) says what was seen; where messages go is the caller's.
import type { Library, ServedPost } from './library.js';
import type { Logger } from './log.js';

/** A post dated more than this many days before the bot found it is old news: added without an announcement. */
export const BACKFILL_DAYS = 7;
/** Posts dated in the future are looked at again this often, to be announced on their day. */
export const SCHEDULED_CHECK_MS = 60 * 60 * 1000;

/** How a post got into the ledger. */
export type Recorded = 'announced' | 'first-load' | 'backfill';

/** What was seen and announced, kept across restarts (src/store/announcements.ts keeps it in SQLite). */
export interface AnnouncementLedger {
  /** The sources whose posts were recorded at their first load: a post they show later is new. */
  knownSources(): Set<string>;
  /** The ids of a source's posts already recorded (announced or added silently). */
  recordedIds(source: string): Set<string>;
  /**
   * Records posts and marks their sources known, in one transaction; returns those recorded by this call, not
   * before it by another process (the shards of a machine share the ledger): only those are announced.
   */
  record(
    posts: ReadonlyArray<{ source: string; id: string; how: Recorded }>,
    sources: readonly string[],
    at: Date,
  ): Array<{ source: string; id: string }>;
}

export interface AnnouncementCheck {
  /** The new posts to announce, oldest first. */
  announce: ServedPost[];
  /** Added silently because their source was read for the first time. */
  firstLoad: number;
  /** Added silently as backfill (dated more than BACKFILL_DAYS before they were found). */
  backfill: number;
  /** Dated in the future: announced once their day comes. */
  scheduled: number;
}

/**
 * Finds the served posts not seen before and records them. `sourcesRead`: the sources read at least once (a source
 * that failed from the start has shown none of its posts yet, so its first good read is still a first load).
 */
export function findNewPosts(
  posts: readonly ServedPost[],
  sourcesRead: ReadonlySet<string>,
  ledger: AnnouncementLedger,
  now: Date,
): AnnouncementCheck {
  const today = now.toISOString().slice(0, 10);
  const backfillBefore = new Date(now.getTime() - BACKFILL_DAYS * 86_400_000).toISOString().slice(0, 10);
  const known = ledger.knownSources();
  const firstLoads = [...sourcesRead].filter((source) => !known.has(source));
  const recorded = new Map<string, Set<string>>();
  const seen = (post: ServedPost) => {
    let ids = recorded.get(post.source);
    if (!ids) recorded.set(post.source, (ids = known.has(post.source) ? ledger.recordedIds(post.source) : new Set()));
    return ids.has(post.id);
  };
  const toRecord: Array<{ source: string; id: string; how: Recorded }> = [];
  const check: AnnouncementCheck = { announce: [], firstLoad: 0, backfill: 0, scheduled: 0 };
  const fresh: ServedPost[] = [];
  for (const post of posts) {
    if (!sourcesRead.has(post.source) || seen(post)) continue;
    if (!known.has(post.source)) {
      toRecord.push({ source: post.source, id: post.id, how: 'first-load' });
      check.firstLoad++;
    } else if (post.date > today) {
      check.scheduled++;
    } else if (post.date < backfillBefore) {
      toRecord.push({ source: post.source, id: post.id, how: 'backfill' });
      check.backfill++;
    } else {
      toRecord.push({ source: post.source, id: post.id, how: 'announced' });
      fresh.push(post);
    }
  }
  if (toRecord.length === 0 && firstLoads.length === 0) return check;
  const claimed = new Set(ledger.record(toRecord, firstLoads, now).map((post) => `${post.source}\n${post.id}`));
  check.announce = fresh
    .filter((post) => claimed.has(`${post.source}\n${post.id}`))
    .sort((a, b) => a.date.localeCompare(b.date) || a.title.localeCompare(b.title));
  return check;
}

/** A new post as announced: what a member sees before following the link. */
export interface NewPost {
  title: string;
  url: string;
  date: string;
  summary: string;
}

export interface AnnouncerOptions {
  /** Sends the announcements of one check (oldest first); rejects with one sentence when it cannot. */
  send: (posts: NewPost[]) => Promise<void>;
  log: Logger;
  /** Replaceable in tests. */
  now?: () => Date;
}

/** Checks for new posts after every reload of the library, and hourly while a post dated in the future waits. */
export class Announcer {
  private timer: NodeJS.Timeout | undefined;
  private stopListening: (() => void) | undefined;
  private checking: Promise<AnnouncementCheck> = Promise.resolve({
    announce: [],
    firstLoad: 0,
    backfill: 0,
    scheduled: 0,
  });

  constructor(
    private readonly library: Library,
    private readonly ledger: AnnouncementLedger,
    private readonly options: AnnouncerOptions,
  ) {}

  /** Records what is served now (a first load announces nothing), then follows the reloads. */
  async start(): Promise<AnnouncementCheck> {
    this.stopListening = this.library.onReload(() => void this.check());
    return this.check();
  }

  /** Stops following the reloads; settles once a check under way is done (its messages sent or failed). */
  async stop(): Promise<void> {
    this.stopListening?.();
    clearTimeout(this.timer);
    await this.checking;
  }

  /** Looks for new posts now and announces them; checks run one after the other, never at once. */
  check(): Promise<AnnouncementCheck> {
    this.checking = this.checking.then(() => this.checkNow());
    return this.checking;
  }

  private async checkNow(): Promise<AnnouncementCheck> {
    const found = await this.findAndSend();
    this.options.log.debug(
      {
        announced: found.announce.length,
        firstLoad: found.firstLoad,
        backfill: found.backfill,
        scheduled: found.scheduled,
      },
      'looked for new posts',
    );
    return found;
  }

  private async findAndSend(): Promise<AnnouncementCheck> {
    const { log } = this.options;
    let found: AnnouncementCheck;
    try {
      found = findNewPosts(
        this.library.posts,
        this.library.sourcesRead,
        this.ledger,
        this.options.now?.() ?? new Date(),
      );
    } catch (error) {
      log.warn(`new posts could not be looked for (the announcements' store failed): ${(error as Error).message}`);
      return { announce: [], firstLoad: 0, backfill: 0, scheduled: 0 };
    }
    clearTimeout(this.timer);
    if (found.scheduled > 0) {
      this.timer = setTimeout(() => void this.check(), SCHEDULED_CHECK_MS);
      this.timer.unref();
    }
    if (found.firstLoad > 0 || found.backfill > 0 || found.scheduled > 0) {
      log.info(
        { firstLoad: found.firstLoad, backfill: found.backfill, scheduled: found.scheduled },
        'posts added without an announcement',
      );
    }
    if (found.announce.length === 0) return found;
    const posts = found.announce.map(
      (post): NewPost => ({ title: post.title, url: post.url, date: post.date, summary: this.library.summaryOf(post) }),
    );
    try {
      await this.options.send(posts);
      log.info({ posts: found.announce.map((post) => post.slug) }, 'new posts announced');
    } catch (error) {
      // Recorded before sending, so never announced twice: a post whose message failed is not announced again.
      log.warn(
        { posts: found.announce.map((post) => post.slug) },
        `new posts could not be announced: ${(error as Error).message}`,
      );
    }
    return found;
  }
}
