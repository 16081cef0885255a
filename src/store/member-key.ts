// Members are never stored by id. Where one member must count once (one vote per answer), the id is replaced by
// HMAC-SHA256(key, id) with a key made at random once per DATA_DIR (file mode 0600): the same member gives the same
// value, and without the key the value cannot be traced back to the member, not even by trying every id.
import { createHmac, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const MEMBER_KEY_FILE = 'member-hash.key';

/** Reads DATA_DIR's key, making it on first use. Two processes starting at once end up with the same key. */
export function memberKey(dataDir: string): Buffer {
  const file = path.resolve(dataDir, MEMBER_KEY_FILE);
  try {
    return readKey(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  // Written whole under a temporary name, then linked in place: linking fails if another process got there first,
  // and nobody ever reads a half-written key.
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(temporary, randomBytes(32).toString('hex'), { mode: 0o600 });
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
  return readKey(file);
}

function readKey(file: string): Buffer {
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  if (key.length < 16)
    throw new Error(
      `the key file ${file} is damaged: delete it (the votes given so far then stop counting as one member's)`,
    );
  return key;
}

export function memberHash(key: Buffer, memberId: string): string {
  return createHmac('sha256', key).update(memberId).digest('hex');
}
