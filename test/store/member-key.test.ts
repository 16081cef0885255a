// The key that stands in for member ids: made once per DATA_DIR, owner-only, and a keyed hash of the id.
import { createHmac } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memberHash, memberKey, MEMBER_KEY_FILE } from '../../src/store/member-key.js';
import { tempDir } from '../content/factories.js';

describe('memberKey', () => {
  it('is made on first use, mode 0600, and the same afterwards', () => {
    const dataDir = path.join(tempDir(), 'data');
    const key = memberKey(dataDir);
    expect(key.length).toBe(32);
    expect(statSync(path.join(dataDir, MEMBER_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(memberKey(dataDir).equals(key)).toBe(true);
    expect(readFileSync(path.join(dataDir, MEMBER_KEY_FILE), 'utf8')).not.toContain('412345678901234567');
  });

  it('differs between two data folders', () => {
    expect(memberKey(tempDir()).equals(memberKey(tempDir()))).toBe(false);
  });

  it('says what to do when the key file is damaged', () => {
    const dataDir = tempDir();
    writeFileSync(path.join(dataDir, MEMBER_KEY_FILE), 'short');
    expect(() => memberKey(dataDir)).toThrow(/damaged: delete it/);
  });
});

describe('memberHash', () => {
  it('is HMAC-SHA256 of the id: the same member gives the same value, another member another', () => {
    const key = Buffer.alloc(32, 7);
    expect(memberHash(key, '412345678901234567')).toBe(
      createHmac('sha256', key).update('412345678901234567').digest('hex'),
    );
    expect(memberHash(key, '412345678901234567')).toBe(memberHash(key, '412345678901234567'));
    expect(memberHash(key, '412345678901234567')).not.toBe(memberHash(key, '412345678901234568'));
    expect(memberHash(Buffer.alloc(32, 8), '412345678901234567')).not.toBe(memberHash(key, '412345678901234567'));
  });
});
