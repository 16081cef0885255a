// One edition of the blog: its posts, their index and the store their text is read through, built or loaded
// together and served together. A reload makes a new edition; the library swaps it in at once.
import type { Problem } from '../content/post.js';
import type { SourceOutcome } from '../content/sources/read-all.js';
import type { ChangeKey } from '../content/sources/source.js';
import type { TermIndex } from '../search/term-index.js';
import type { BuildInput, Built } from './build.js';
import { codeKey } from './code-key.js';
import { openStore } from './open-store.js';
import type { PostStore } from './post-store.js';
import { readSnapshot } from './snapshot-file.js';
import { decodeCatalog, type Catalog, type CatalogPost } from './snapshot-format.js';

export interface EditionOptions {
  /** See KEPT_TEXT_BYTES. */
  keptTextBytes?: number;
  /** Gives way to the event loop now and then (see timeSlicer): questions keep being answered meanwhile. */
  pause?: () => Promise<void>;
}

export class Edition {
  private constructor(
    private readonly catalog: Catalog,
    readonly store: PostStore,
    /** Closes the snapshot file the text is read from, if any. */
    readonly release: () => Promise<void>,
  ) {}

  /** Serves what a build made (its text in memory until the snapshot can be read instead). */
  static async fromBuild(built: Built, options: EditionOptions): Promise<Edition> {
    const catalog = await decodeCatalog(built.buffer, {
      text: built.text,
      ...(options.pause && { pause: options.pause }),
    });
    return Edition.serve(catalog, options);
  }

  /**
   * Serves the snapshot in `file` when it was made by this code for the same sources (see readSnapshot), with the
   * posts' text left in the file; else undefined. Whether the sources changed since is told by `keys`.
   */
  static async fromSnapshot(
    file: string,
    options: EditionOptions & { sources: readonly string[]; onProgress?: (fraction: number, count: number) => void },
  ): Promise<Edition | undefined> {
    const read = await readSnapshot(file, {
      sources: options.sources,
      codeKey: codeKey(),
      ...(options.onProgress && { onProgress: options.onProgress }),
    });
    if (!read) return undefined;
    const catalog = await decodeCatalog(read.buffer, {
      verify: true,
      textFile: read.textFile,
      ...(options.pause && { pause: options.pause }),
    }).catch(() => undefined);
    if (!catalog) {
      await read.close();
      return undefined;
    }
    return Edition.serve(catalog, options, read.close);
  }

  private static async serve(catalog: Catalog, options: EditionOptions, release = async () => {}): Promise<Edition> {
    const store = await openStore(catalog, options.keptTextBytes, options.pause);
    // Typo lookups need a table of the vocabulary, and word weights the background English counts: both are made now
    // rather than in the first question that needs them.
    catalog.index.prepareTypoLookup();
    catalog.index.prepareWeights();
    return new Edition(catalog, store, release);
  }

  /** The posts served, in index order: everything but their text (which the store reads). */
  get posts(): readonly CatalogPost[] {
    return this.catalog.posts;
  }

  get index(): TermIndex {
    return this.catalog.index;
  }

  /** Unique per build: an edition loaded from a build's snapshot has the build's generation. */
  get generation(): string {
    return this.catalog.generation;
  }

  /** The change key of each source's last good read, by source id (see Catalog.keys). */
  get keys(): Readonly<Record<string, ChangeKey>> {
    return this.catalog.keys;
  }

  /** Files or items that could not be served when the edition was built. */
  get problems(): Problem[] {
    return this.catalog.problems;
  }

  get drafts(): Problem[] {
    return this.catalog.drafts;
  }

  /** How reading each source went when the edition was built. */
  get outcomes(): SourceOutcome[] {
    return this.catalog.outcomes;
  }

  /**
   * What a rebuild needs of this edition: posts that fail, or whose source fails, keep their last good version from it.
   */
  get previous(): Pick<BuildInput, 'previous' | 'previousText' | 'since'> {
    return {
      previous: this.catalog.buffer,
      previousText: this.catalog.textFile ?? this.catalog.text,
      since: { ...this.catalog.keys },
    };
  }

  /** Bytes of the block held in memory: the index, plus the posts' text until it can be read from the snapshot file. */
  get blockBytes(): number {
    return this.catalog.buffer.byteLength + this.catalog.text.length;
  }
}
