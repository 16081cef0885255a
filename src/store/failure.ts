// Why the database cannot be used, in one sentence an owner can act on, from SQLite's or the file system's error.
import { NewerSchemaError } from './migrations.js';

export function describeFailure(error: unknown): string {
  if (error instanceof NewerSchemaError) return error.message;
  const code = String((error as { code?: unknown })?.code ?? '');
  const message = error instanceof Error ? error.message : String(error);
  if (/^SQLITE_(BUSY|LOCKED)/.test(code)) return 'the database is locked by another program';
  if (/^SQLITE_READONLY/.test(code) || code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return 'the database or its folder is read-only';
  if (/^SQLITE_(NOTADB|CORRUPT)/.test(code))
    return 'the database file is damaged or is not a SQLite database: move it away to start a new log';
  if (/^SQLITE_FULL/.test(code) || code === 'ENOSPC') return 'the disk is full';
  if (
    /^SQLITE_(CANTOPEN|IOERR)/.test(code) ||
    code === 'ENOENT' ||
    code === 'ENOTDIR' ||
    /directory does not exist/i.test(message)
  ) {
    return 'the database file cannot be opened (check DATA_DIR)';
  }
  return message.replace(/\.$/, '');
}
