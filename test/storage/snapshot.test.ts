import { mkdtemp, open, readdir, readFile, rm, stat, truncate, unlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer.js';
import { Library } from '../../src/library.js';
import { buildCatalog } from '../../src/storage/build.js';
import { postBytes, postParagraphs, postText, postTextPiece } from '../../src/storage/catalog-text.js';
import { codeKey } from '../../src/storage/code-key.js';
import { readSnapshot, snapshotFile } from '../../src/storage/snapshot-file.js';
import { decodeCatalog, encodeCatalog } from '../../src/storage/snapshot-format.js';

const QUESTIONS = [
  'What does the blog say about Kubernetes networking?',
  'calico policies',
  'kubernets', // a typo
  'Zürich café',
  '"mixed reality" headsets',
  'nothing matches this at all',
];

const HOUR = 60 * 60 * 1000;
let dir: string;
let cache: string;

function post(title: string, body: string, extra = ''): string {
  return (
    `---\ntitle: ${JSON.stringify(title)}\ndate: 2024-01-0${(title.length % 9) + 1}\n` +
    `url: https://example.org/${encodeURIComponent(title)}/\n${extra}---\n\n${body}\n`
  );
}

/** Writes files with modification times in the past (a snapshot is never made of files edited seconds ago). */
async function write(files: Record<string, string>, ageMs = HOUR): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    await writeFile(file, text);
    const when = new Date(Date.now() - ageMs);
    await utimes(file, when, when);
  }
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'blogbot-snapshot-content-'));
  cache = await mkdtemp(path.join(os.tmpdir(), 'blogbot-snapshot-cache-'));
  await write({
    'kubernetes.md': post(
      'Kubernetes networking',
      '# Overlays\n\nCalico and Flannel are overlays.\n\n## Policies\n\nCalico policies restrict traffic between pods.',
    ),
    'hololens.md': post(
      'Testing out HoloLens',
      'Mixed reality headsets at the museum.\n\nThe headset is heavy but the mixed reality demo was convincing.',
    ),
    'travel.md': post(
      'A week in Zürich',
      'Déjà vu: the café by the lake, and “curly quotes”.\n\n- a list item\n- another one',
    ),
    'draft.md': post('Not yet', 'Draft text.', 'draft: true\n'),
    'broken.md': '---\ntitle: no end',
  });
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(cache, { recursive: true, force: true });
});

const answers = (library: Library) => QUESTIONS.map((question) => strip(library.ask(question, 5)));
const strip = (answer: Answer) => ({ ...answer, tookMs: 0 });

async function openSaved(): Promise<Library> {
  const library = await Library.open({ contentDir: dir, cacheDir: cache });
  await library.saved();
  return library;
}

describe('snapshot', () => {
  it('round-trips: a restart from the snapshot answers exactly like a fresh build', async () => {
    const built = await openSaved();
    expect(built.snapshot.loaded).toBe(false);
    expect((await stat(built.snapshot.file!)).size).toBeGreaterThan(0);
    const restarted = await Library.open({ contentDir: dir, cacheDir: cache });
    expect(restarted.snapshot.loaded).toBe(true);
    const fresh = await Library.open({ contentDir: dir, cacheDir: false });
    expect(answers(restarted)).toEqual(answers(fresh));
    expect(answers(built)).toEqual(answers(fresh));
    expect(restarted.latest(10)).toEqual(fresh.latest(10));
    expect(restarted.initialProblems).toEqual(fresh.initialProblems);
    expect(restarted.initialDrafts).toEqual(fresh.initialDrafts);
    expect(restarted.posts).toEqual(fresh.posts);
    expect(restarted.posts[0]).toMatchObject({ source: `folder:${dir}`, id: 'hololens.md' });
    expect(answers(fresh)[0]!.results[0]!.slug).toBe('kubernetes');
  });

  it('keeps the acronyms the posts spell out: a restart reads questions with them', async () => {
    await write({
      'storage.md': post('Disks for pods', 'Pods reach their disks through the Container Storage Interface (CSI).'),
      'drivers.md': post('Drivers', 'Every CSI driver runs as a pod of its own.'),
    });
    const fresh = await Library.open({ contentDir: dir, cacheDir: false });
    // "Drivers" never writes the long form: only the learned pair finds it.
    expect(fresh.ask('container storage interface', 5).results.map((result) => result.slug)).toContain('drivers');
    await (await openSaved()).saved();
    const restarted = await Library.open({ contentDir: dir, cacheDir: cache });
    expect(restarted.snapshot.loaded).toBe(true);
    expect(strip(restarted.ask('container storage interface', 5))).toEqual(
      strip(fresh.ask('container storage interface', 5)),
    );
  });

  it("leaves posts' text in the file: a restart, or a build once saved, keeps only the index in memory", async () => {
    const built = await openSaved();
    const size = (await stat(built.snapshot.file!)).size;
    const read = await readSnapshot(built.snapshot.file!, { sources: [dir], codeKey: codeKey() });
    const catalog = await decodeCatalog(read!.buffer, { verify: true, textFile: read!.textFile });
    await read!.close();
    const textBytes = catalog.textOffsets[catalog.posts.length]!;
    expect(textBytes).toBeGreaterThan(200);
    expect(read!.buffer.byteLength).toBe(size - textBytes);
    expect(built.blockBytes).toBe(size - textBytes);
    const restarted = await Library.open({ contentDir: dir, cacheDir: cache });
    expect(restarted.blockBytes).toBe(size - textBytes);
    expect(restarted.ask('calico policies').results[0]!.excerpt.text).toContain('restrict traffic between pods');
  });

  it('keeps answering when the snapshot file it reads from is deleted or replaced', async () => {
    const built = await openSaved();
    const restarted = await Library.open({ contentDir: dir, cacheDir: cache });
    const expected = answers(restarted);
    await unlink(restarted.snapshot.file!);
    expect(answers(restarted)).toEqual(expected);
    expect(answers(built)).toEqual(expected);
    // Another process writing a new snapshot renames it over the old one: the open file is not changed.
    await (await Library.open({ contentDir: dir, cacheDir: cache })).saved();
    expect(answers(restarted)).toEqual(expected);
  });

  it("keeps a broken post's last good text, read from the snapshot file, through a reload", async () => {
    for (const worker of [false, true]) {
      const library = await Library.open({ contentDir: dir, cacheDir: cache, worker });
      await library.saved();
      await write({ 'kubernetes.md': '---\ntitle: [broken' });
      const report = await library.reload();
      expect(report.problems.find((problem) => problem.file === 'kubernetes.md')?.kept).toBe(true);
      expect(library.ask('calico policies').results[0]!.excerpt.text).toContain('restrict traffic between pods');
      await library.saved();
      await write({
        'kubernetes.md': post(
          'Kubernetes networking',
          '# Overlays\n\nCalico and Flannel are overlays.\n\n## Policies\n\nCalico policies restrict traffic between ' +
            'pods.',
        ),
      });
    }
  });

  it('keeps the data exactly through encode and decode', async () => {
    const { buffer, text } = await buildCatalog({ sources: [dir] });
    const catalog = await decodeCatalog(buffer, { verify: true, text });
    const again = await decodeCatalog(encodeCatalog({ ...catalog, index: catalog.index.data }, catalog.generation), {
      verify: true,
      text: catalog.text,
    });
    expect(new Uint8Array(again.buffer)).toEqual(new Uint8Array(buffer));
    expect(again.text).toEqual(text);
    // The checksum covers the text, which is written after the block.
    const damaged = Uint8Array.from(text);
    damaged[0]! ^= 1;
    await expect(decodeCatalog(buffer, { verify: true, text: damaged })).rejects.toThrow('checksum');
    expect(catalog.posts.map((p) => p.slug)).toEqual(['hololens', 'kubernetes', 'travel']);
    expect(postParagraphs(catalog, 1)).toEqual([
      { text: 'Calico and Flannel are overlays.', heading: 'Overlays' },
      { text: 'Calico policies restrict traffic between pods.', heading: 'Policies' },
    ]);
    expect(postParagraphs(catalog, 2)[0]!.text).toBe('Déjà vu: the café by the lake, and “curly quotes”.');
  });

  it('carries every field of the index through the format, whatever fields the index has', async () => {
    const built = await buildCatalog({ sources: [dir] });
    const catalog = await decodeCatalog(built.buffer, { text: built.text });
    const index = catalog.index.data;
    const decoded = async (data: typeof index) =>
      (await decodeCatalog(encodeCatalog({ ...catalog, index: data }), { text: built.text })).index.data;
    expect(index.terms).toContain('calico');
    expect(await decoded(index)).toEqual(index);
    // A field added to the index later, of plain data, goes through unchanged.
    const extended = { ...index, learned: { tpu: ['tensorflow processing unit'] } };
    expect(await decoded(extended)).toEqual(extended);
  });

  it("decodes any run of a post's paragraphs alone, outside ASCII too, at the offsets of the whole text", async () => {
    await write({
      'long.md': post(
        'Emoji and accents',
        ['Zürich 🙂 first.', 'Déjà vu “quoted”.', 'Plain ASCII here.', 'Last — with 🚀 and é.'].join('\n\n'),
      ),
    });
    const built = await buildCatalog({ sources: [dir] });
    const catalog = await decodeCatalog(built.buffer, { text: built.text });
    const doc = catalog.posts.findIndex((p) => p.slug === 'long');
    const text = postText(catalog, doc);
    expect(catalog.textLengths[doc]).toBe(text.length);
    const starts = [
      ...catalog.paragraphStarts.subarray(catalog.paragraphOffsets[doc]!, catalog.paragraphOffsets[doc + 1]!),
    ];
    for (let from = 0; from < text.length; from += 3) {
      for (const to of [from + 1, from + 20, text.length]) {
        const piece = postTextPiece(
          catalog,
          doc,
          from,
          Math.min(to, text.length),
          postBytes(catalog, doc, new Uint8Array(0), 0),
        );
        expect(starts).toContain(piece.start);
        expect(piece.start).toBeLessThanOrEqual(from);
        expect(piece.start + piece.text.length).toBeGreaterThanOrEqual(Math.min(to, text.length));
        expect(piece.text).toBe(text.slice(piece.start, piece.start + piece.text.length));
      }
    }
  });

  const staleCases: Array<[string, () => Promise<void>]> = [
    [
      'a file modification time changed',
      () => utimes(path.join(dir, 'travel.md'), new Date(Date.now() - 2 * HOUR), new Date(Date.now() - 2 * HOUR)),
    ],
    [
      'a file changed size',
      () =>
        write({
          'travel.md': post('A week in Zürich', 'Déjà vu: the café by the lake, and a new sentence about fondue.'),
        }),
    ],
    ['a file was added', () => write({ 'fondue.md': post('Fondue', 'Fondue is melted cheese.') })],
    ['a file was removed', () => unlink(path.join(dir, 'hololens.md'))],
    ['a draft was published', () => write({ 'draft.md': post('Not yet', 'Draft text, now about fondue.') })],
    [
      'a sub-folder appeared',
      async () => {
        const { mkdir } = await import('node:fs/promises');
        await mkdir(path.join(dir, 'sub'));
        await write({ 'sub/nested.md': post('Nested fondue', 'Fondue in a sub-folder.') });
      },
    ],
  ];
  for (const [change, apply] of staleCases) {
    it(`is rebuilt when ${change}`, async () => {
      await openSaved();
      await apply();
      const reopened = await Library.open({ contentDir: dir, cacheDir: cache });
      expect(reopened.snapshot.loaded).toBe(false);
      const fresh = await Library.open({ contentDir: dir, cacheDir: false });
      expect(answers(reopened)).toEqual(answers(fresh));
      expect(reopened.posts.map((p) => p.slug)).toEqual(fresh.posts.map((p) => p.slug));
      expect(reopened.initialDrafts).toEqual(fresh.initialDrafts);
    });
  }

  it('is not made of files edited in the last seconds (their time cannot tell a same-size edit apart)', async () => {
    await write({ 'hot.md': post('Hot', 'Just written.') }, 0);
    const library = await openSaved();
    expect((await readdir(cache)).filter((name) => name.endsWith('.bin'))).toEqual([]);
    expect(library.snapshot.loaded).toBe(false);
  });

  const damage: Array<[string, (file: string) => Promise<void>]> = [
    ['truncated', async (file) => truncate(file, Math.floor((await stat(file)).size / 2))],
    ['cut to its header', async (file) => truncate(file, 20)],
    ['empty', async (file) => truncate(file, 0)],
    ['garbage', async (file) => writeFile(file, 'not a snapshot at all')],
    [
      'flipped in the middle',
      async (file) => {
        const handle = await open(file, 'r+');
        const { size } = await handle.stat();
        const at = Math.floor(size * 0.7);
        const byte = Buffer.alloc(1);
        await handle.read(byte, 0, 1, at);
        byte[0] = byte[0]! ^ 0xff;
        await handle.write(byte, 0, 1, at);
        await handle.close();
      },
    ],
    [
      'from other code',
      async (file) => {
        const bytes = await readFile(file);
        const text = bytes.toString('latin1').replace(codeKey(), 'f'.repeat(codeKey().length));
        await writeFile(file, Buffer.from(text, 'latin1'));
      },
    ],
  ];
  for (const [kind, spoil] of damage) {
    it(`ignores a snapshot that is ${kind}, rebuilds and answers correctly`, async () => {
      const first = await openSaved();
      const expected = answers(first);
      await spoil(first.snapshot.file!);
      const reopened = await Library.open({ contentDir: dir, cacheDir: cache });
      expect(reopened.snapshot.loaded).toBe(false);
      expect(answers(reopened)).toEqual(expected);
      // …and writes a good one again.
      await reopened.saved();
      expect((await Library.open({ contentDir: dir, cacheDir: cache })).snapshot.loaded).toBe(true);
    });
  }

  it('decides from the header (same code, same sources), never crashing on a damaged file', async () => {
    const library = await openSaved();
    const file = library.snapshot.file!;
    const check = { sources: [dir], codeKey: codeKey() };
    const read = await readSnapshot(file, check);
    expect(read?.buffer).toBeInstanceOf(SharedArrayBuffer);
    await read?.close();
    expect(await readSnapshot(file, { ...check, codeKey: 'other code' })).toBeUndefined();
    expect(await readSnapshot(file, { ...check, sources: [cache] })).toBeUndefined();
    expect(await readSnapshot(file, { ...check, sources: [dir, 'feed:https://b.example/feed'] })).toBeUndefined();
    expect(await readSnapshot(path.join(cache, 'missing.bin'), check)).toBeUndefined();
    await expect(decodeCatalog(new SharedArrayBuffer(10))).rejects.toThrow();
  });

  it('prunes its own snapshots of content folders that are gone, and its own leftover temporary files', async () => {
    const library = await openSaved();
    const old = new Date(Date.now() - 2 * HOUR);
    await utimes(library.snapshot.file!, old, old);
    // A write cut short: the start of a snapshot, or nothing at all.
    const leftovers = [`${library.snapshot.file!}.123.0badcafe.tmp`, `${library.snapshot.file!}.124.0badcafe.tmp`];
    await writeFile(leftovers[0]!, (await readFile(library.snapshot.file!)).subarray(0, 100));
    await writeFile(leftovers[1]!, '');
    for (const leftover of leftovers) await utimes(leftover, old, old);
    const other = await mkdtemp(path.join(os.tmpdir(), 'blogbot-snapshot-other-'));
    await writeFile(path.join(other, 'a.md'), post('Other', 'Other words.'));
    await utimes(path.join(other, 'a.md'), old, old);
    try {
      await rm(dir, { recursive: true, force: true });
      const second = await Library.open({ contentDir: other, cacheDir: cache });
      await second.saved();
      expect(await readdir(cache)).toEqual([path.basename(second.snapshot.file!)]);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it("never deletes other programs' files in a shared cache folder, however old", async () => {
    const long = new Date(Date.now() - 400 * 24 * HOUR);
    const foreign: Record<string, string> = {
      'session.tmp': "another program's temporary file",
      'data.bin': "another program's data",
      // Named as the bot names its files, but not the bot's.
      [`${'a'.repeat(20)}.bin`]: 'not a snapshot',
      [`blogbot-${'b'.repeat(20)}.bin`]: 'not a snapshot either',
      [`blogbot-${'c'.repeat(20)}.bin.123.0badcafe.tmp`]: 'not a partial snapshot',
    };
    for (const [name, text] of Object.entries(foreign)) {
      await writeFile(path.join(cache, name), text);
      await utimes(path.join(cache, name), long, long);
    }
    // The bot's own snapshot, not written for more than a month, goes.
    const stale = await mkdtemp(path.join(os.tmpdir(), 'blogbot-snapshot-stale-'));
    await writeFile(path.join(stale, 'a.md'), post('Stale', 'Stale words.'));
    await utimes(path.join(stale, 'a.md'), long, long);
    try {
      const staleLibrary = await Library.open({ contentDir: stale, cacheDir: cache });
      await staleLibrary.saved();
      await utimes(staleLibrary.snapshot.file!, long, long);
      const library = await openSaved();
      for (const [name, text] of Object.entries(foreign))
        expect(await readFile(path.join(cache, name), 'utf8')).toBe(text);
      expect((await readdir(cache)).sort()).toEqual(
        [...Object.keys(foreign), path.basename(library.snapshot.file!)].sort(),
      );
    } finally {
      await rm(stale, { recursive: true, force: true });
    }
  });

  it('is written atomically into the cache folder, one file per content folder', async () => {
    const library = await openSaved();
    expect(path.dirname(library.snapshot.file!)).toBe(cache);
    expect(library.snapshot.file).toBe(snapshotFile(dir, cache));
    expect(snapshotFile(cache, cache)).not.toBe(library.snapshot.file);
    expect(await readdir(cache)).toEqual([path.basename(library.snapshot.file!)]);
    expect(await readdir(dir)).not.toContain('.blogbot-cache');
  });
});
