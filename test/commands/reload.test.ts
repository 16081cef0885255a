import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { reload } from '../../commands/reload.js';
import { Library } from '../../src/library.js';
import { isModerator } from '../../src/permissions.js';
import { toMarkdown } from '../../src/replies/markdown.js';
import { plainText } from '../../src/replies/render.js';
import { context, contentDir, invoker, postMarkdown } from '../content/factories.js';

const ROLE = '555555555555555555';

async function setUp() {
  const dir = contentDir({ 'a.md': postMarkdown({ title: 'A' }) });
  const library = await Library.open({ contentDir: dir, worker: false });
  return { dir, library };
}

describe('/reload permissions', () => {
  it('refuses a member without Manage Server, and does not reload', async () => {
    const { dir, library } = await setUp();
    writeFileSync(path.join(dir, 'b.md'), postMarkdown({ title: 'B' }));
    const spy = vi.spyOn(library, 'reload');
    const ctx = context(library, { invoker: invoker({ canManageServer: false }) });
    const reply = await reload.run({}, ctx);
    expect(reply).toEqual({
      text: ['Only members with the Manage Server permission can use /reload.'],
      cards: [],
      private: true,
      isError: true,
    });
    expect(spy).not.toHaveBeenCalled();
    expect(library.posts).toHaveLength(1);
    expect(ctx.logged()).toContain('reload refused: not a moderator');
  });

  it('refuses in a DM, even to someone who would be a moderator in a server', async () => {
    const { library } = await setUp();
    const ctx = context(library, {
      invoker: invoker({ inGuild: false, canManageServer: true, roleIds: [ROLE] }),
      moderatorRoleIds: [ROLE],
    });
    const reply = await reload.run({}, ctx);
    expect(reply.isError).toBe(true);
    expect(plainText(reply.text)).toBe(
      '/reload can only be used in a server, by a member with the Manage Server permission.',
    );
    expect(ctx.logged()).toContain('reload refused: not in a server');
  });

  it('allows a member holding a moderator role listed in MODERATOR_ROLE_IDS', async () => {
    const { dir, library } = await setUp();
    writeFileSync(path.join(dir, 'b.md'), postMarkdown({ title: 'B' }));
    const reply = await reload.run(
      {},
      context(library, { invoker: invoker({ roleIds: ['1', ROLE] }), moderatorRoleIds: [ROLE] }),
    );
    expect(plainText(reply.text)).toBe('Reloaded: 2 posts served.\nAdded (1): b');
    expect(reply.private).toBe(true);
  });

  it('allows a member with Manage Server, and tells the other shards', async () => {
    const { library } = await setUp();
    const onReloaded = vi.fn();
    const reply = await reload.run({}, context(library, { invoker: invoker({ canManageServer: true }), onReloaded }));
    expect(plainText(reply.text)).toBe('Reloaded: 1 post served.\nNo post changed.');
    expect(onReloaded).toHaveBeenCalledOnce();
  });

  it('isModerator: Manage Server or a listed role, and only in a server', () => {
    expect(isModerator(invoker({ canManageServer: true }), [])).toBe(true);
    expect(isModerator(invoker({ roleIds: [ROLE] }), [ROLE])).toBe(true);
    expect(isModerator(invoker({ roleIds: [ROLE] }), [])).toBe(false);
    expect(isModerator(invoker(), [ROLE])).toBe(false);
    expect(isModerator(invoker({ inGuild: false, canManageServer: true }), [])).toBe(false);
  });
});

describe('/reload report', () => {
  it('lists changed and removed posts and the problems, and logs them', async () => {
    const dir = contentDir({
      'a.md': postMarkdown({ title: 'A' }),
      'b.md': postMarkdown({ title: 'B' }),
      'c.md': postMarkdown({ title: 'C' }),
    });
    const library = await Library.open({ contentDir: dir, worker: false });
    writeFileSync(path.join(dir, 'a.md'), postMarkdown({ title: 'A, revised' }));
    writeFileSync(path.join(dir, 'b.md'), postMarkdown({ url: 'javascript:alert(1)' }));
    rmSync(path.join(dir, 'c.md'));
    const ctx = context(library, { invoker: invoker({ canManageServer: true }) });
    const reply = await reload.run({}, ctx);
    // In Discord Markdown, the reason (someone else's words: it quotes the file) is escaped.
    expect(toMarkdown(reply.text)).toBe(
      [
        'Reloaded: 2 posts served.',
        'Changed (1): a',
        'Removed (1): c',
        'Files with problems (1):',
        '• b.md:4: url "javascript:alert\\(1\\)" is not an absolute http\\(s\\) address (last good version kept)',
      ].join('\n'),
    );
    expect(ctx.logged()).toContain('b.md:4: url "javascript:alert(1)" is not an absolute http(s) address');
  });
});
