// The one walker deciding which files count, and the scan built on it that tells whether a folder changed.
import { chmodSync, mkdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isContentFile, scanContentFolder, walkContentFolder, type ContentEntry } from '../../src/content/walk.js';
import { contentDir, postMarkdown, tempDir } from './factories.js';

async function walked(dir: string): Promise<ContentEntry[]> {
  const entries: ContentEntry[] = [];
  for await (const entry of walkContentFolder(realpathSync(dir))) entries.push(entry);
  return entries.sort((a, b) => a.file.localeCompare(b.file));
}

describe('walkContentFolder', () => {
  it('yields the Markdown files of every sub-folder, nothing hidden, in node_modules or not Markdown', async () => {
    const dir = contentDir({
      'a.md': 'x',
      'b.markdown': 'x',
      'c.mdx': 'x',
      'deep/er/d.MD': 'x',
      'posts/_index.md': 'x',
      'notes.txt': 'x',
      '.git/e.md': 'x',
      '.hidden.md': 'x',
      'node_modules/pkg/readme.md': 'x',
    });
    expect(await walked(dir)).toEqual([
      { kind: 'file', file: 'a.md' },
      { kind: 'file', file: 'b.markdown' },
      { kind: 'file', file: 'c.mdx' },
      { kind: 'file', file: 'deep/er/d.MD' },
    ]);
  });

  it('yields symbolic links that would be posts or folders, with their targets, and never follows them', async () => {
    const outside = tempDir('blogbot-outside-');
    writeFileSync(path.join(outside, 'secret.md'), 'x');
    const dir = contentDir({ 'notes.txt': 'x' });
    symlinkSync(path.join(outside, 'secret.md'), path.join(dir, 'linked.md'));
    symlinkSync(outside, path.join(dir, 'linked-folder'));
    symlinkSync(path.join(dir, 'notes.txt'), path.join(dir, 'alias.txt'));
    symlinkSync(path.join(outside, 'gone.md'), path.join(dir, 'dangling.md'));
    expect(await walked(dir)).toEqual([
      { kind: 'link', file: 'dangling.md', target: 'dangling' },
      { kind: 'link', file: 'linked-folder', target: 'folder' },
      { kind: 'link', file: 'linked.md', target: 'file' },
    ]);
  });

  it.skipIf(process.getuid?.() === 0)('yields an unreadable sub-folder as one entry and goes on', async () => {
    const dir = contentDir({ 'a.md': 'x', 'locked/b.md': 'x' });
    chmodSync(path.join(dir, 'locked'), 0o000);
    try {
      expect(await walked(dir)).toEqual([
        { kind: 'file', file: 'a.md' },
        { kind: 'unreadable', file: 'locked/', code: 'EACCES' },
      ]);
    } finally {
      chmodSync(path.join(dir, 'locked'), 0o755);
    }
  });

  it('isContentFile', () => {
    expect(['x.md', 'x.markdown', 'x.mdx', 'X.MD'].every(isContentFile)).toBe(true);
    expect(['x.txt', 'x.md.bak', '_index.md', 'x.html'].some(isContentFile)).toBe(false);
  });
});

describe('scanContentFolder', () => {
  const old = new Date('2020-01-01T00:00:00Z');
  const settled = (dir: string, files: string[]) => files.forEach((file) => utimesSync(path.join(dir, file), old, old));

  it('changes when a post is edited, added or removed, and not when another file changes', async () => {
    const dir = contentDir({ 'a.md': postMarkdown(), 'b.md': postMarkdown(), 'cover.png': 'png' });
    settled(dir, ['a.md', 'b.md']);
    const first = await scanContentFolder(dir);
    expect(first).toMatchObject({ entries: 2, racy: false });
    expect(first.markdownBytes).toBe(2 * postMarkdown().length);

    writeFileSync(path.join(dir, 'cover.png'), 'another picture');
    writeFileSync(path.join(dir, 'draft-notes.txt'), 'x');
    expect((await scanContentFolder(dir)).key).toBe(first.key);

    writeFileSync(path.join(dir, 'a.md'), postMarkdown({ title: 'Edited' }));
    settled(dir, ['a.md']);
    const edited = await scanContentFolder(dir);
    expect(edited.key).not.toBe(first.key);

    mkdirSync(path.join(dir, 'new'));
    writeFileSync(path.join(dir, 'new/c.md'), postMarkdown());
    settled(dir, ['new/c.md']);
    expect((await scanContentFolder(dir)).key).not.toBe(edited.key);
  });

  it('is racy right after a post was written', async () => {
    const dir = contentDir({ 'a.md': postMarkdown() });
    expect((await scanContentFolder(dir)).racy).toBe(true);
  });

  it('counts a link to a folder, not a link to another kind of file', async () => {
    const outside = tempDir('blogbot-outside-');
    writeFileSync(path.join(outside, 'x.txt'), 'x');
    const dir = contentDir({});
    symlinkSync(path.join(outside, 'x.txt'), path.join(dir, 'link'));
    const before = await scanContentFolder(dir);
    expect(before.entries).toBe(0);
    const dir2 = contentDir({});
    symlinkSync(outside, path.join(dir2, 'link'));
    expect((await scanContentFolder(dir2)).entries).toBe(1);
  });

  it('throws when the folder itself is missing', async () => {
    await expect(scanContentFolder('/nonexistent/blog')).rejects.toThrow();
  });
});
