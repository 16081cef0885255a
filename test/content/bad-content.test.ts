// Bad content through the whole path a moderator sees: Library + /reload's report + the log, while good posts stay
// served.
import { mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { reload } from '../../commands/reload.js';
import { ask } from '../../commands/ask.js';
import { Library } from '../../src/library.js';
import { toText } from '../../src/replies/render.js';
import { context, contentDir, invoker, postMarkdown, tempDir } from './factories.js';

const MODERATOR = invoker({ canManageServer: true });
const GARDEN = postMarkdown({
  title: 'Compost heaps',
  url: 'https://blog.example/compost/',
  body: 'A compost heap needs air, water and a xylophone rehearsal schedule.',
});

async function setUp(extra: Record<string, string | Uint8Array> = {}) {
  const dir = contentDir({ 'compost.md': GARDEN, ...extra }, { withEssays: true });
  const library = await Library.open({ contentDir: dir, worker: false });
  const ctx = context(library, { invoker: MODERATOR });
  const reloadText = async () => toText(await reload.run({}, ctx));
  return { dir, library, ctx, reloadText };
}

const excerptFor = (library: Library, question: string) =>
  library
    .ask(question)
    .results.map((r) => `${r.slug}: ${r.excerpt.text}`)
    .join('\n');

describe('a post that breaks keeps its last good version, and the report and the log say why', () => {
  const cases: Array<[string, string | Uint8Array, RegExp]> = [
    ['no front matter', 'Just a heap of words.', /compost\.md:1: no front matter/],
    [
      'YAML that does not parse',
      '---\ntitle: [unclosed\ndate: 2020-01-02\n---\nbody',
      /compost\.md:\d: front matter is not valid YAML: /,
    ],
    ['missing title', postMarkdown({ title: null }), /compost\.md:1: front matter has no title/],
    ['empty title', postMarkdown({ title: '' }), /compost\.md:2: title is empty/],
    ['impossible date', postMarkdown({ date: '2018-02-30' }), /compost\.md:3: date "2018-02-30" is not a real date/],
    [
      'javascript: url',
      postMarkdown({ url: 'javascript:alert(1)' }),
      /compost\.md:4: url "javascript:alert\(1\)" is not an absolute http\(s\) address/,
    ],
    ['empty file', '', /compost\.md:1: file is empty/],
    ['binary file', new Uint8Array([0x00, 0xff, 0xfe, 0x12, 0x80, 0x81, 0xc3]), /compost\.md:1: not valid UTF-8 text/],
    [
      '5 MB file',
      postMarkdown({ body: 'heap '.repeat(1024 * 1024) }),
      /compost\.md:1: file is 5\.0 MB, over the 2 MB limit/,
    ],
  ];

  it.each(cases)('%s', async (_name, broken, reason) => {
    const { dir, library, ctx, reloadText } = await setUp();
    expect(excerptFor(library, 'xylophone rehearsal')).toMatch(/^compost: /);

    writeFileSync(path.join(dir, 'compost.md'), broken);
    const text = await reloadText();

    expect(text).toMatch(/^Reloaded: 11 posts served\./);
    expect(text).toContain('Files with problems (1):');
    // The text renderer escapes nothing, so the reason reads as check prints it.
    const line = text.split('\n').find((l) => l.includes('compost.md:'));
    expect(line).toMatch(reason);
    expect(line).toMatch(/\(last good version kept\)$/);
    expect(ctx.logged()).toMatch(reason);
    // The last good version still answers, and every other post is still served.
    expect(excerptFor(library, 'xylophone rehearsal')).toMatch(/^compost: .*xylophone/);
    expect(library.posts).toHaveLength(11);
    expect(library.ask('kubernetes security').results[0]?.slug).toBe('managed-kubernetes-and-security');

    // Fixed again: the new version replaces the kept one.
    writeFileSync(path.join(dir, 'compost.md'), GARDEN.replace('xylophone', 'marimba'));
    const fixed = await reloadText();
    expect(fixed).toContain('Changed (1): compost');
    expect(fixed).not.toContain('Files with problems');
    expect(excerptFor(library, 'marimba rehearsal')).toMatch(/^compost: /);
  });

  it('a new bad file is not served and is listed; the others keep being served', async () => {
    const { dir, library, reloadText } = await setUp();
    writeFileSync(path.join(dir, 'new.md'), postMarkdown({ date: '2018-02-30', body: 'ocarina' }));
    const text = await reloadText();
    expect(text).toMatch(/new\.md:3: date "2018-02-30" is not a real date in the form YYYY-MM-DD$/m);
    expect(library.ask('ocarina').results).toEqual([]);
    expect(library.posts).toHaveLength(11);
  });
});

describe('files that load normally or wait', () => {
  it('CRLF line endings and a BOM load normally', async () => {
    const { library } = await setUp({
      'windows.md': `\uFEFF${postMarkdown({ title: 'Windows', body: 'A bassoon quartet.' }).replace(/\n/g, '\r\n')}`,
    });
    expect(library.initialProblems).toEqual([]);
    expect(excerptFor(library, 'bassoon quartet')).toMatch(/^windows: /);
  });

  it('draft: true is not served until it is false', async () => {
    const { dir, library, reloadText } = await setUp({
      'soon.md': postMarkdown({ draft: true, title: 'Soon', body: 'The harpsichord is coming.' }),
    });
    expect(library.ask('harpsichord').results).toEqual([]);
    expect(library.latest(20).map((post) => post.slug)).not.toContain('soon');
    expect(await reloadText()).toContain('Drafts not served: soon.md');

    writeFileSync(
      path.join(dir, 'soon.md'),
      postMarkdown({ draft: false, title: 'Soon', body: 'The harpsichord is coming.' }),
    );
    expect(await reloadText()).toContain('Added (1): soon');
    expect(excerptFor(library, 'harpsichord')).toMatch(/^soon: /);

    // Back to draft: the author unpublished it, so it is no longer served.
    writeFileSync(
      path.join(dir, 'soon.md'),
      postMarkdown({ draft: true, title: 'Soon', body: 'The harpsichord is coming.' }),
    );
    expect(await reloadText()).toContain('Removed (1): soon');
    expect(library.ask('harpsichord').results).toEqual([]);
  });

  it('two files claiming the same slug: the first is served, the second is reported', async () => {
    const { dir, library, reloadText } = await setUp({ 'a/x.md': postMarkdown({ title: 'X from a', body: 'tuba' }) });
    expect(library.initialProblems).toEqual([]);
    mkdirSync(path.join(dir, 'b'));
    writeFileSync(path.join(dir, 'b', 'x.md'), postMarkdown({ title: 'X from b', body: 'tuba' }));
    const text = await reloadText();
    expect(text).toContain('b/x.md:1: slug "x" is already used by a/x.md');
    expect(library.ask('tuba').results.map((r) => r.title)).toEqual(['X from a']);
  });

  it('non-Markdown files are ignored', async () => {
    const { library } = await setUp({ 'notes.txt': 'cello', 'photo.jpg': new Uint8Array([0xff, 0xd8, 0xff]) });
    expect(library.initialProblems).toEqual([]);
    expect(library.posts).toHaveLength(11);
  });
});

describe('symbolic links are never followed', () => {
  it('a link to a file or a folder outside: reported, nothing outside is ever read or quoted', async () => {
    const outside = tempDir('blogbot-outside-');
    const secret = 'The vault combination is marzipan-7731.';
    writeFileSync(
      path.join(outside, 'secret.md'),
      postMarkdown({ title: 'Vault marzipan', body: `${secret} Kubernetes security.` }),
    );
    const { dir, library, ctx, reloadText } = await setUp();
    symlinkSync(path.join(outside, 'secret.md'), path.join(dir, 'vault.md'));
    symlinkSync(outside, path.join(dir, 'outside'));
    // A valid post replaced by a link keeps its last good version, never the link's target.
    rmSync(path.join(dir, 'compost.md'));
    symlinkSync(path.join(outside, 'secret.md'), path.join(dir, 'compost.md'));

    const text = await reloadText();
    expect(text).toContain(
      'compost.md:1: symbolic link, not followed (content must be inside the folder) (last good version kept)',
    );
    expect(text).toContain('vault.md:1: symbolic link, not followed');
    expect(text).toContain('outside:1: symbolic link, not followed');

    const seen: string[] = [text, ctx.logged()];
    for (const question of [
      'marzipan',
      'vault combination',
      'kubernetes security',
      'xylophone',
      'what is the combination of the vault?',
    ]) {
      seen.push(JSON.stringify(library.ask(question, 10)), toText(await ask.run({ question, results: 5 }, ctx)));
    }
    seen.push(JSON.stringify(library.latest(100)), JSON.stringify(library.posts));
    expect(seen.join('\n')).not.toContain('marzipan-7731');
    expect(seen.join('\n')).not.toMatch(/combination is marzipan/i);
  });
});

describe('the content folder goes away during /reload', () => {
  it('keeps the old index, says why, and answers as before; a later reload works again', async () => {
    const { dir, library, ctx, reloadText } = await setUp();
    renameSync(dir, `${dir}-away`);
    const text = await reloadText();
    expect(text).toBe(
      `Reload failed: The content folder ${dir} does not exist. The posts already loaded are still served.`,
    );
    expect(ctx.logged()).toContain(`reload failed: The content folder ${dir} does not exist.`);
    expect(library.posts).toHaveLength(11);
    expect(excerptFor(library, 'xylophone rehearsal')).toMatch(/^compost: /);

    renameSync(`${dir}-away`, dir);
    expect(await reloadText()).toMatch(/^Reloaded: 11 posts served\.\nNo post changed\./);
  });
});
