// Opens the bot's SQLite database in DATA_DIR, the one file the store owns: WAL (readers never wait for a writer, and
// the shards of one machine share the file), a busy timeout (writers of several processes take turns), deleted rows
// overwritten (secure_delete), and the schema brought up to date by the migrations.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate, MIGRATIONS, type Migration } from './migrations.js';

export const DATABASE_FILE = 'blogbot.sqlite';

/**
 * How long a write waits for another process's write to finish. A write holds the lock for well under a millisecond;
 * only a database held locked by something else waits this long, and then the question log backs off (see
 * SqliteQuestionLog).
 */
export const BUSY_TIMEOUT_MS = 1000;

export interface StoreOptions {
  busyTimeoutMs?: number;
  /** Open the database only if it exists (reading must not create one). Default false: create DATA_DIR and the file. */
  mustExist?: boolean;
  migrations?: readonly Migration[];
  /** A cap on the file's size: past it SQLite answers "full", as it does on a full disk. Default: none. */
  maxBytes?: number;
}

export interface Store {
  db: Database.Database;
  file: string;
  close(): void;
}

export function databaseFile(dataDir: string): string {
  return path.resolve(dataDir, DATABASE_FILE);
}

/**
 * Throws (a SqliteError or a file system error) when the database cannot be opened or migrated. Two processes opening
 * a new file at the same moment (the shards of a machine, starting together) each hold it shared while switching it to
 * WAL, and SQLite answers one of them "busy" at once rather than let both wait forever: that one tries again, for up to
 * the busy timeout.
 */
export function openStore(dataDir: string, options: StoreOptions = {}): Store {
  const timeoutMs = Math.max(0, Math.trunc(options.busyTimeoutMs ?? BUSY_TIMEOUT_MS));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return openOnce(dataDir, options, timeoutMs);
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw error;
      // A few milliseconds, not the same for both: the other process finishes its switch meanwhile.
      sleep(5 + Math.random() * 20);
    }
  }
}

function openOnce(dataDir: string, options: StoreOptions, timeoutMs: number): Store {
  const file = databaseFile(dataDir);
  if (!options.mustExist) mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, { fileMustExist: options.mustExist ?? false });
  try {
    // The timeout first: the statements below already take locks.
    db.pragma(`busy_timeout = ${timeoutMs}`);
    db.pragma('journal_mode = WAL');
    // In WAL mode NORMAL is safe against corruption; a power cut may lose the last questions, never the file.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // A purged question's text is overwritten on disk, not just unlinked from the tree.
    db.pragma('secure_delete = ON');
    migrate(db, options.migrations ?? MIGRATIONS);
    if (options.maxBytes !== undefined) {
      const pageSize = db.pragma('page_size', { simple: true }) as number;
      db.pragma(`max_page_count = ${Math.max(1, Math.floor(options.maxBytes / pageSize))}`);
    }
  } catch (error) {
    db.close();
    throw error;
  }
  return { db, file, close: () => db.close() };
}

function isBusy(error: unknown): boolean {
  return String((error as { code?: unknown })?.code ?? '').startsWith('SQLITE_BUSY');
}

/** Blocks this thread (the log's own, or a command-line run) for `ms`. */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
