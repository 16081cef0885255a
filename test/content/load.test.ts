import { chmodSync, mkdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContentFolderError, loadContent } from '../../src/content/load.js';
import { formatProblem } from '../../src/content/post.js';
import { contentDir, ESSAYS, postMarkdown, tempDir } from './factories.js';

const problemsOf = async (dir: string) => (await loadContent(dir)).problems.map(formatProblem);

describe('loadContent', () => {
  it('loads the ten essays with no problem', async () => {
    const { posts, problems, drafts } = await loadContent(ESSAYS);
    expect(posts).toHaveLength(10);
    expect(problems).toEqual([]);
    expect(drafts).toEqual([]);
  });

  it('can hand each post over as it is read, in file order, without keeping them', async () => {
    const handed: string[] = [];
    const { posts, problems } = await loadContent(ESSAYS, undefined, (post) => handed.push(post.file));
    expect(posts).toEqual([]);
    expect(problems).toEqual([]);
    expect(handed).toHaveLength(10);
    expect(handed).toEqual([...handed].sort());
  });

  it('reads sub-folders recursively, with forward-slash paths, and ignores other files', async () => {
    const dir = contentDir({
      'top.md': postMarkdown({ title: 'Top' }),
      'year/2020/deep.md': postMarkdown({ title: 'Deep' }),
      'UPPER.MD': postMarkdown({ title: 'Upper' }),
      'notes.txt': 'not a post',
      'image.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
      README: 'no extension',
      '.hidden.md': 'not even read',
      '.git/config.md': 'not read either',
    });
    const { posts, problems } = await loadContent(dir);
    expect(posts.map((post) => post.file).sort()).toEqual(['UPPER.MD', 'top.md', 'year/2020/deep.md']);
    expect(problems).toEqual([]);
  });

  it('reports every bad file with FILE:LINE: reason and still loads the good ones', async () => {
    const dir = contentDir({
      'good.md': postMarkdown({ title: 'Good' }),
      'nofront.md': 'Just text.',
      'badyaml.md': '---\ntitle: [oops\n---\nbody',
      'notitle.md': postMarkdown({ title: null }),
      'baddate.md': postMarkdown({ date: '2018-02-30' }),
      'badurl.md': postMarkdown({ url: 'javascript:alert(1)' }),
      'empty.md': '',
      'binary.md': new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46]),
    });
    const { posts, problems } = await loadContent(dir);
    expect(posts.map((post) => post.slug)).toEqual(['good']);
    expect(problems.map(formatProblem)).toEqual([
      expect.stringMatching(/^baddate\.md:3: date "2018-02-30" is not a real date/),
      expect.stringMatching(/^badurl\.md:4: url "javascript:alert\(1\)" is not an absolute http\(s\) address/),
      expect.stringMatching(/^badyaml\.md:\d: front matter is not valid YAML: /),
      'binary.md:1: not valid UTF-8 text (a binary file?)',
      'empty.md:1: file is empty',
      expect.stringMatching(/^nofront\.md:1: no front matter/),
      'notitle.md:1: front matter has no title',
    ]);
  });

  it('refuses a 5 MB file from its size, with a reason', async () => {
    const dir = contentDir({
      'huge.md': postMarkdown({ body: 'word '.repeat(1024 * 1024) }),
      'small.md': postMarkdown(),
    });
    const { posts, problems } = await loadContent(dir);
    expect(posts.map((post) => post.slug)).toEqual(['small']);
    expect(problems.map(formatProblem)).toEqual(['huge.md:1: file is 5.0 MB, over the 2 MB limit for one post']);
  });

  it('loads CRLF files with a BOM normally', async () => {
    const dir = contentDir({ 'win.md': `\uFEFF${postMarkdown({ title: 'Windows' }).replace(/\n/g, '\r\n')}` });
    const { posts, problems } = await loadContent(dir);
    expect(problems).toEqual([]);
    expect(posts[0]).toMatchObject({ slug: 'win', title: 'Windows' });
  });

  it('lists drafts apart: valid but not served', async () => {
    const dir = contentDir({ 'draft.md': postMarkdown({ draft: true }), 'live.md': postMarkdown({ draft: false }) });
    const { posts, problems, drafts } = await loadContent(dir);
    expect(posts.map((post) => post.slug)).toEqual(['live']);
    expect(problems).toEqual([]);
    expect(drafts.map(formatProblem)).toEqual(['draft.md:5: draft: true, not served until it is false']);
  });

  it('serves the first of two files claiming the same slug and reports the second', async () => {
    const dir = contentDir({
      'a/x.md': postMarkdown({ title: 'From a' }),
      'b/x.md': postMarkdown({ title: 'From b' }),
    });
    const { posts, problems } = await loadContent(dir);
    expect(posts.map((post) => post.title)).toEqual(['From a']);
    expect(problems.map(formatProblem)).toEqual(['b/x.md:1: slug "x" is already used by a/x.md']);
  });

  it('never follows a symbolic link to a file or a folder outside, and reports both', async () => {
    const outside = tempDir('blogbot-outside-');
    const secret = 'The launch code is swordfish-4471.';
    writeFileSync(path.join(outside, 'secret.md'), postMarkdown({ title: 'Secret', body: secret }));
    const dir = contentDir({ 'good.md': postMarkdown() });
    symlinkSync(path.join(outside, 'secret.md'), path.join(dir, 'linked.md'));
    symlinkSync(outside, path.join(dir, 'linked-folder'));
    const { posts, problems } = await loadContent(dir);
    expect(posts.map((post) => post.slug)).toEqual(['good']);
    expect(JSON.stringify(posts)).not.toContain('swordfish');
    expect(problems.map(formatProblem)).toEqual([
      'linked-folder:1: symbolic link, not followed (content must be inside the folder)',
      'linked.md:1: symbolic link, not followed (content must be inside the folder)',
    ]);
  });

  it('ignores a symbolic link to a non-Markdown file', async () => {
    const dir = contentDir({ 'good.md': postMarkdown(), 'notes.txt': 'x' });
    symlinkSync(path.join(dir, 'notes.txt'), path.join(dir, 'alias.txt'));
    expect(await problemsOf(dir)).toEqual([]);
  });

  it('accepts a content folder that is itself a symbolic link', async () => {
    const dir = contentDir({ 'good.md': postMarkdown() });
    const link = path.join(tempDir(), 'link-to-content');
    symlinkSync(dir, link);
    expect((await loadContent(link)).posts).toHaveLength(1);
  });

  it('reports progress for every file', async () => {
    const dir = contentDir({ 'a.md': postMarkdown(), 'b.md': postMarkdown(), 'c.txt': 'x' });
    const seen: Array<[number, number]> = [];
    await loadContent(dir, (done, total) => seen.push([done, total]));
    expect(seen).toEqual([
      [1, 2],
      [2, 2],
    ]);
  });
});

describe('loadContent: an unusable folder is one clear sentence', () => {
  it('missing', async () => {
    await expect(loadContent('/nonexistent/blog')).rejects.toThrow(
      new ContentFolderError('The content folder /nonexistent/blog does not exist.'),
    );
  });

  it('a file, not a folder', async () => {
    const dir = contentDir({ 'a.md': postMarkdown() });
    await expect(loadContent(path.join(dir, 'a.md'))).rejects.toThrow(/^The content folder .*a\.md is not a folder\.$/);
  });

  it('renamed away after it was read once', async () => {
    const dir = contentDir({ 'a.md': postMarkdown() });
    await loadContent(dir);
    renameSync(dir, `${dir}-gone`);
    await expect(loadContent(dir)).rejects.toBeInstanceOf(ContentFolderError);
  });

  it.skipIf(process.getuid?.() === 0)(
    'unreadable (permission denied), and an unreadable sub-folder is one problem',
    async () => {
      const dir = contentDir({ 'a.md': postMarkdown(), 'locked/b.md': postMarkdown() });
      chmodSync(path.join(dir, 'locked'), 0o000);
      try {
        expect(await problemsOf(dir)).toEqual(['locked/:1: folder cannot be read (EACCES)']);
      } finally {
        chmodSync(path.join(dir, 'locked'), 0o755);
      }
      chmodSync(dir, 0o000);
      try {
        await expect(loadContent(dir)).rejects.toThrow(/cannot be read \(permission denied\)\.$/);
      } finally {
        chmodSync(dir, 0o755);
      }
    },
  );

  it('an empty folder loads with no posts and no problems', async () => {
    const dir = contentDir();
    mkdirSync(path.join(dir, 'empty-sub'));
    expect(await loadContent(dir)).toEqual({ posts: [], problems: [], drafts: [] });
  });
});
