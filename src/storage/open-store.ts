// Which store serves a catalog's posts: the one place that chooses between keeping texts decoded and reading them
// from the snapshot as questions need them.
import { postParagraphs } from './catalog-text.js';
import { MemoryStore, type PlainPost } from './memory-store.js';
import type { PostStore } from './post-store.js';
import type { Catalog } from './snapshot-format.js';
import { SnapshotStore } from './snapshot-store.js';

/**
 * A blog with at most this many bytes of text (UTF-8) is served from memory, every post decoded once (at most about
 * twice as many bytes of strings). A bigger blog's text stays in shared memory or in the snapshot file, and a question
 * decodes only the paragraphs it looks at (at 10k posts, most of the 155 MB snapshot is text kept out of the heap).
 * LibraryOptions.keptTextBytes overrides it (tests set 0 to serve a small blog the way a big one is served).
 */
export const KEPT_TEXT_BYTES = 8 * 1024 * 1024;

/** With `pause`, gives way to the event loop between slices of posts (a reload swapping in thousands of them). */
export async function openStore(
  catalog: Catalog,
  keptTextBytes = KEPT_TEXT_BYTES,
  pause: () => Promise<void> = async () => {},
): Promise<PostStore> {
  const textBytes = catalog.textOffsets[catalog.posts.length]!;
  if (textBytes > keptTextBytes) return SnapshotStore.create(catalog, pause);
  const posts: PlainPost[] = [];
  for (let doc = 0; doc < catalog.posts.length; doc++) {
    posts.push({ title: catalog.posts[doc]!.title, paragraphs: postParagraphs(catalog, doc) });
    if (doc % 1024 === 1023) await pause();
  }
  return new MemoryStore(posts);
}
