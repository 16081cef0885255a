// The database's schema as an ordered list of steps. A step's number is its place in the list, and SQLite's
// `PRAGMA user_version` records the last step applied. To change the schema, append a step; never edit one that
// has shipped (databases out there have already run it).
import type { Database } from 'better-sqlite3';

export interface Migration {
  /** What the step is for, shown in errors. */
  name: string;
  /** SQL run once, inside the migration's transaction. */
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    name: 'question log and feedback',
    sql: `
      -- One row per question answered (or not) on Discord. No member id: see feedback.voter.
      CREATE TABLE questions (
        -- id: time then random (hex): new rows go to the end of the tree; the 👍/👎 buttons carry it
        id TEXT PRIMARY KEY,
        asked_at INTEGER NOT NULL,     -- milliseconds since 1970 (UTC)
        source TEXT NOT NULL,          -- slash, mention, dm, message_command, forum_thread
        guild_id TEXT,                 -- null in DMs
        question TEXT NOT NULL,        -- member and role mentions replaced by @member / @role
        keywords TEXT NOT NULL,        -- JSON array, in the order the query parser gave them
        topic TEXT NOT NULL,           -- the keywords sorted and deduplicated: what unanswered questions group by
        top_slug TEXT,                 -- the best post, null when the bot abstained
        confidence REAL,
        abstained INTEGER NOT NULL CHECK (abstained IN (0, 1)),
        results INTEGER NOT NULL,
        took_ms REAL NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX questions_by_time ON questions (asked_at);
      -- One vote per member and answer; voting again replaces it.
      -- voter is HMAC-SHA256(member id) with the key in DATA_DIR.
      CREATE TABLE feedback (
        question_id TEXT NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
        voter TEXT NOT NULL,
        vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
        voted_at INTEGER NOT NULL,
        PRIMARY KEY (question_id, voter)
      ) WITHOUT ROWID;
    `,
  },
  {
    name: 'announced posts',
    sql: `
      -- The content sources whose posts were recorded at their first load (nothing announced then): a post they
      -- show later is new. A source's id is as ContentSource.id gives it: folder:/path, feed:https://…
      CREATE TABLE announce_sources (
        source TEXT PRIMARY KEY,
        first_read_at INTEGER NOT NULL  -- milliseconds since 1970 (UTC)
      ) WITHOUT ROWID;
      -- Every post seen, once: announced, or added silently. A post is known by its source and its id there (its
      -- file, its WordPress id, its feed guid), so an edit never makes it new. Inserting is the claim: of two shards
      -- finding the same post, the one whose insert went in announces it.
      CREATE TABLE announced_posts (
        source TEXT NOT NULL,
        post_id TEXT NOT NULL,
        how TEXT NOT NULL CHECK (how IN ('announced', 'first-load', 'backfill')),
        recorded_at INTEGER NOT NULL,  -- milliseconds since 1970 (UTC)
        PRIMARY KEY (source, post_id)
      ) WITHOUT ROWID;
    `,
  },
];

/** Thrown when the database was written by a newer blogbot whose schema this one does not know. */
export class NewerSchemaError extends Error {}

/**
 * Brings the schema up to date; returns its version. The steps run in one IMMEDIATE transaction that reads the
 * version inside it, so two shards starting at once take turns and the second finds nothing left to do.
 */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number {
  return db
    .transaction(() => {
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version > migrations.length) {
        throw new NewerSchemaError(
          `the database has schema version ${version}, newer than ` +
            `this blogbot knows (${migrations.length}): update blogbot`,
        );
      }
      for (let step = version; step < migrations.length; step++) db.exec(migrations[step]!.sql);
      // PRAGMA takes no bound parameters; the number is ours.
      if (version < migrations.length) db.pragma(`user_version = ${migrations.length}`);
      return migrations.length;
    })
    .immediate();
}
