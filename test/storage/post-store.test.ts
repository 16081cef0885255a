// The interface the search reads posts through: both stores give the same titles, texts, paragraphs and headings for
// the same posts, whichever way the text is kept (strings, shared memory, the snapshot file).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/load.js';
import { toParagraphs } from '../../src/content/paragraphs.js';
import { buildCatalog } from '../../src/storage/build.js';
import { codeKey } from '../../src/storage/code-key.js';
import { MemoryStore } from '../../src/storage/memory-store.js';
import { openStore } from '../../src/storage/open-store.js';
import { paragraphsOf, textAround, textLengthOf, textSlice, type PostStore } from '../../src/storage/post-store.js';
import { readSnapshot, writeSnapshot, type SnapshotRead } from '../../src/storage/snapshot-file.js';
import { decodeCatalog } from '../../src/storage/snapshot-format.js';
import { SnapshotStore } from '../../src/storage/snapshot-store.js';
import { contentDir, postMarkdown, tempDir } from '../content/factories.js';

interface Expected {
  title: string;
  paragraphs: Array<{ text: string; heading: string }>;
}

let expected: Expected[];
const stores: Array<[string, PostStore]> = [];
let read: SnapshotRead | undefined;

beforeAll(async () => {
  const dir = contentDir(
    {
      'unicode.md': postMarkdown({
        title: 'Zürich 🙂',
        slug: 'unicode',
        body: '# Café\n\nDéjà vu “quoted” 🚀.\n\n## Second — part\n\n- one\n- two\n\nLast é.',
      }),
      'plain.md': postMarkdown({ title: 'One paragraph', slug: 'plain', body: 'Just one paragraph, no heading.' }),
    },
    { withEssays: true },
  );
  // What the author wrote, read straight from the folder: the store built from it is what the others must match.
  const loaded = await loadContent(dir);
  expected = loaded.posts.map((post) => ({ title: post.title, paragraphs: toParagraphs(post.body) }));

  const built = await buildCatalog({ sources: [dir] });
  const inMemory = await decodeCatalog(built.buffer, { text: built.text });
  expect(inMemory.posts.map((post) => post.slug)).toEqual(loaded.posts.map((post) => post.slug));
  const file = path.join(tempDir(), 'snapshot.bin');
  await writeSnapshot(file, built.buffer, built.text);
  read = await readSnapshot(file, { sources: [dir], codeKey: codeKey() });
  const fromFile = await decodeCatalog(read!.buffer, { verify: true, textFile: read!.textFile });

  stores.push(
    ['a MemoryStore of the posts as written', new MemoryStore(expected)],
    ['a SnapshotStore of the block in memory', await SnapshotStore.create(inMemory)],
    ['a SnapshotStore of the snapshot file', await SnapshotStore.create(fromFile)],
    ['the store chosen for a small blog', await openStore(fromFile)],
    ['the store chosen for a big blog', await openStore(fromFile, 0)],
  );
});

afterAll(async () => {
  await read?.close();
});

describe('a PostStore', () => {
  it("is chosen by the size of the blog's text", () => {
    expect(stores[3]![1]).toBeInstanceOf(MemoryStore);
    expect(stores[4]![1]).toBeInstanceOf(SnapshotStore);
  });

  it("gives every post's title, text, paragraphs and headings as they were written", () => {
    expect(expected.length).toBeGreaterThan(10);
    for (const [name, store] of stores) {
      store.duringQuestion(() => {
        expect(store.posts, name).toHaveLength(expected.length);
        expected.forEach(({ title, paragraphs }, doc) => {
          const post = store.posts[doc]!;
          const text = paragraphs.map((paragraph) => paragraph.text).join('\n\n');
          expect(post.title, name).toBe(title);
          expect(post.text, `${name}: ${title}`).toBe(text);
          expect(textLengthOf(post)).toBe(text.length);
          expect(paragraphsOf(post), `${name}: ${title}`).toEqual(paragraphs);
          expect([...post.headings]).toEqual(paragraphs.map((paragraph) => paragraph.heading));
        });
      });
    }
  });

  it('hands out any stretch of a post in whole paragraphs, at the offsets of the whole text', () => {
    for (const [name, store] of stores) {
      store.duringQuestion(() => {
        store.posts.forEach((post, doc) => {
          const text = expected[doc]!.paragraphs.map((paragraph) => paragraph.text).join('\n\n');
          const starts = [0, ...Array.from(post.paragraphStarts)];
          for (let from = 0; from < text.length; from += 97) {
            for (const to of [from + 1, from + 40, text.length]) {
              const end = Math.min(to, text.length);
              const piece = textAround(post, from, end);
              expect(starts, name).toContain(piece.start);
              expect(piece.start).toBeLessThanOrEqual(from);
              expect(piece.start + piece.text.length).toBeGreaterThanOrEqual(end);
              expect(piece.text).toBe(text.slice(piece.start, piece.start + piece.text.length));
              expect(textSlice(post, from, end)).toBe(text.slice(from, end));
            }
          }
        });
      });
    }
  });

  it('answers outside a question too (a summary, a title list)', () => {
    for (const [name, store] of stores) {
      const post = store.posts[0]!;
      expect(paragraphsOf(post), name).toEqual(expected[0]!.paragraphs);
    }
  });
});
