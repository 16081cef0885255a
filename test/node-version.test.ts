// The start-up check of the Node.js version: one clear sentence on a Node.js without zlib.crc32, silence otherwise.
import { describe, expect, it } from 'vitest';
import { nodeTooOld } from '../src/node-version.js';

describe('nodeTooOld', () => {
  it('stops a Node.js older than 20.15 with one sentence naming both versions', () => {
    expect(nodeTooOld('20.14.0')).toBe(
      'blogbot needs Node.js 20.15 or later, and this is Node.js 20.14.0: install a newer one.',
    );
    expect(nodeTooOld('18.20.4')).toMatch(/^blogbot needs Node\.js 20\.15 or later, and this is Node\.js 18\.20\.4/);
  });

  it('lets 20.15 and every later release through', () => {
    for (const version of ['20.15.0', '20.20.2', '21.0.0', '22.1.0', '24.11.1'])
      expect(nodeTooOld(version)).toBeUndefined();
  });

  it('lets the Node.js running the tests through (package.json "engines" asks for it)', () => {
    expect(nodeTooOld()).toBeUndefined();
  });
});
