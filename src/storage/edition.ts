// One edition of the blog: its posts, their index and the store their text is read through, built or loaded
// together and served together. A reload makes a new edition; the library swaps it in at once.
import type { Problem } from '../content/post.js';
import type { TermIndex } from '../search/term-index.js';
import type { BuildInput, Built } from './build.js';
import { codeKey } from './code-key.js';
import { openStore } from './open-store.js';
import type { PostStore } from './post-store.js';
import { ServedPost } from './served-post.js';
import { readSnapshot } from './snapshot-file.js';
import { decodeCatalog, type Catalog } from './snapshot-format.js';

export interface EditionOptions {
  /** The content folder the posts were read from (a post's Markdown is read from it again when asked for). */
  contentDir: string;
  /** See KEPT_TEXT_BYTES. */
  keptTextBytes?: number;
  /** Gives way to the event loop now and then (see timeSlicer): questions keep being answered meanwhile. */
  pause?: () => Promise<void>;
}

export class Edition {
  private constructor(
    private readonly catalog: Catalog,
    readonly posts: readonly ServedPost[],
    readonly store: PostStore,
    /** Closes the snapshot file the text is read from, if any. */
    readonly release: () => Promise<void>,
  ) {}

  /** Serves what a build made (its text in memory until the snapshot can be read instead). */
  static async fromBuild(built: Built, options: EditionOptions): Promise<Edition> {
    const catalog = await decodeCatalog(built.buffer, { text: built.text, ...(options.pause && { pause: options.pause }) });
    return Edition.serve(catalog, options);
  }

  /**
   * Serves the snapshot in `file` when it still describes the folder (same code, same folder, same `scan`; see
   * readSnapshot), with the posts' text left in the file; else undefined.
   */
  static async fromSnapshot(file: string, options: EditionOptions & { scan: string; onProgress?: (fraction: number, count: number) => void }): Promise<Edition | undefined> {
    const read = await readSnapshot(file, { contentDir: options.contentDir, codeKey: codeKey(), scan: options.scan, ...(options.onProgress && { onProgress: options.onProgress }) });
    if (!read) return undefined;
    const catalog = await decodeCatalog(read.buffer, { verify: true, textFile: read.textFile, ...(options.pause && { pause: options.pause }) }).catch(() => undefined);
    if (!catalog) {
      await read.close();
      return undefined;
    }
    return Edition.serve(catalog, options, read.close);
  }

  private static async serve(catalog: Catalog, options: EditionOptions, release = async () => {}): Promise<Edition> {
    const pause = options.pause ?? (async () => {});
    const posts: ServedPost[] = [];
    for (let doc = 0; doc < catalog.posts.length; doc++) {
      posts.push(new ServedPost(catalog.posts[doc]!, options.contentDir));
      if (doc % 1024 === 1023) await pause();
    }
    const store = await openStore(catalog, options.keptTextBytes, pause);
    // Typo lookups need a table of the vocabulary, and word weights the background English counts: both are made now
    // rather than in the first question that needs them.
    catalog.index.prepareTypoLookup();
    catalog.index.prepareWeights();
    return new Edition(catalog, posts, store, release);
  }

  get index(): TermIndex {
    return this.catalog.index;
  }

  /** Unique per build: an edition loaded from a build's snapshot has the build's generation. */
  get generation(): string {
    return this.catalog.generation;
  }

  /** The folder scan the edition was built from (see scanFolder). */
  get scan(): string {
    return this.catalog.scan;
  }

  /** Files that could not be served when the edition was built. */
  get problems(): Problem[] {
    return this.catalog.problems;
  }

  get drafts(): Problem[] {
    return this.catalog.drafts;
  }

  /** What a rebuild needs of this edition: a file that now fails keeps its last good version from it. */
  get previous(): Pick<BuildInput, 'previous' | 'previousText'> {
    return { previous: this.catalog.buffer, previousText: this.catalog.textFile ?? this.catalog.text };
  }

  /** Bytes of the block held in memory: the index, plus the posts' text until it can be read from the snapshot file. */
  get blockBytes(): number {
    return this.catalog.buffer.byteLength + this.catalog.text.length;
  }
}
