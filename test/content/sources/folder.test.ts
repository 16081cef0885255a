// A content folder behind the source interface: posts keyed by (source, file), a change key that moves with the
// files and with SITE_URL, and an unusable folder as a value.
import { utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../../src/content/post.js';
import { FolderSource } from '../../../src/content/sources/folder.js';
import type { ReadResult, SourceRead } from '../../../src/content/sources/source.js';
import { contentDir, ESSAYS, postMarkdown } from '../factories.js';
import { loadContent } from '../../../src/content/load.js';

function readOf(result: ReadResult): SourceRead {
  if (!result.ok || result.unchanged) throw new Error(`expected posts, got ${JSON.stringify(result)}`);
  return result;
}

describe('FolderSource', () => {
  it('reads the shipped essays exactly as loadContent does, each keyed by its file', async () => {
    const read = readOf(await new FolderSource(ESSAYS).read());
    const loaded = await loadContent(ESSAYS);
    expect(read.posts.map(({ source: _s, id: _i, ...post }) => post)).toEqual(loaded.posts);
    expect(read.posts[0]).toMatchObject({ source: `folder:${ESSAYS}`, id: 'autonomous-versus-autonomic-systems.md' });
    expect(read.problems).toEqual([]);
  });

  it('keys problems and drafts by file, so a broken file can keep its last good version', async () => {
    const dir = contentDir({
      'good.md': postMarkdown(),
      'bad.md': postMarkdown({ date: '2020-02-30' }),
      'later.md': postMarkdown({ draft: true }),
    });
    const read = readOf(await new FolderSource(dir).read());
    expect(read.problems).toEqual([
      { file: 'bad.md', line: 3, reason: 'date "2020-02-30" is not a real date in the form YYYY-MM-DD', id: 'bad.md' },
    ]);
    expect(read.drafts.map((draft) => draft.id)).toEqual(['later.md']);
  });

  it('builds addresses with its conventions, and its key changes with them', async () => {
    const dir = contentDir({ '2020-01-02-hello.md': '---\ntitle: Hello\n---\nBody.\n' });
    const old = new Date('2020-01-01');
    utimesSync(path.join(dir, '2020-01-02-hello.md'), old, old);
    const plain = await new FolderSource(dir).read();
    expect(readOf(plain).problems.map(formatProblem)).toEqual([
      '2020-01-02-hello.md:1: front matter has no url (and SITE_URL is not set to build one from PERMALINK)',
    ]);
    const site = new FolderSource(dir, { siteUrl: 'https://j.example', permalink: '/:year/:slug.html' });
    const read = readOf(await site.read());
    expect(read.posts.map((post) => post.url)).toEqual(['https://j.example/2020/hello.html']);
    expect(read.key.key).not.toBe(readOf(plain).key.key);
    expect(await site.read({ since: read.key })).toMatchObject({ ok: true, unchanged: true });
    writeFileSync(path.join(dir, '2020-01-02-hello.md'), '---\ntitle: Hello again\n---\nBody.\n');
    expect(readOf(await site.read({ since: read.key })).posts[0]!.title).toBe('Hello again');
  });

  it('lists its files without reading them', async () => {
    const dir = contentDir({ 'b.md': 'not even valid', 'a/c.md': postMarkdown() });
    expect(await new FolderSource(dir).list()).toMatchObject({
      ok: true,
      posts: [
        { id: 'a/c.md', where: 'a/c.md' },
        { id: 'b.md', where: 'b.md' },
      ],
    });
  });

  it('a missing folder is a failure value, not an exception', async () => {
    expect(await new FolderSource('/nonexistent/blog').read()).toEqual({
      ok: false,
      cause: 'folder',
      reason: 'The content folder /nonexistent/blog does not exist.',
    });
    expect(await new FolderSource('/nonexistent/blog').changeKey()).toMatchObject({ ok: false, cause: 'folder' });
  });
});
