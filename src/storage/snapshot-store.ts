// The store for a big blog: the posts' text stays UTF-8 (in shared memory, or in the snapshot file), and a question
// decodes only the paragraphs it looks at. Decoding whole posts made a question allocate ~0.5 MB at 10k posts, and
// young-generation collections of 3–5 ms hit one question in 25. Whole texts (reading whole posts, summaries) go
// through a cache of TEXT_CACHE posts.
import { postBytes, postText, postTextPiece } from './catalog-text.js';
import type { PostStore, SearchablePost, TextPiece } from './post-store.js';
import type { Catalog } from './snapshot-format.js';

const TEXT_CACHE = 4;
/** Room for the text a question reads of long posts (more is taken when a question needs it). */
const ARENA_BYTES = 1024 * 1024;

export class SnapshotStore implements PostStore {
  readonly posts: PostView[] = [];
  private readonly texts = new Map<number, string>();
  /** What the question being answered has read (see Reading); emptied once it is answered. */
  private readonly reading = new Reading(this);
  private answering = false;
  /**
   * Room for the bytes of the posts a question reads (see Reading). Made with the store, not at its first question:
   * the code compiled while serving one store would meet a branch it never took at the first question of the next.
   * A plain Uint8Array, as the text of a store that keeps it in memory is: its views then have the same class, and
   * the same `subarray`, whichever store they come from.
   */
  arena = new Uint8Array(ARENA_BYTES);

  private constructor(readonly catalog: Catalog) {}

  /** With `pause`, gives way to the event loop between slices of posts (a reload swapping in thousands of them). */
  static async create(catalog: Catalog, pause: () => Promise<void> = async () => {}): Promise<SnapshotStore> {
    const store = new SnapshotStore(catalog);
    for (let doc = 0; doc < catalog.posts.length; doc++) {
      store.posts.push(new PostView(store, doc, catalog.posts[doc]!.title));
      if (doc % 1024 === 1023) await pause();
    }
    return store;
  }

  duringQuestion<T>(answer: () => T): T {
    this.answering = true;
    try {
      return answer();
    } finally {
      this.answering = false;
      this.reading.forget();
    }
  }

  textLength(doc: number): number {
    return this.catalog.textLengths[doc]!;
  }

  /**
   * The paragraphs of a post around text[from, to), decoded alone and kept for the rest of the question (its excerpt
   * reads them again).
   */
  textAround(doc: number, from: number, to: number): TextPiece {
    return this.readingNow().textAround(doc, from, to);
  }

  text(doc: number): string {
    let text = this.texts.get(doc);
    if (text === undefined) {
      text = postText(this.catalog, doc);
      if (this.texts.size >= TEXT_CACHE) this.texts.delete(this.texts.keys().next().value!);
    } else {
      // Most recently used last: the first key is the one to evict.
      this.texts.delete(doc);
    }
    this.texts.set(doc, text);
    return text;
  }

  paragraphStarts(doc: number): Uint32Array {
    return this.catalog.paragraphStarts.subarray(
      this.catalog.paragraphOffsets[doc]!,
      this.catalog.paragraphOffsets[doc + 1]!,
    );
  }

  headings(doc: number): string[] {
    return this.readingNow().headings(doc);
  }

  /** The question's reading while one is answered; else one for this call alone. */
  private readingNow(): Reading {
    return this.answering ? this.reading : new Reading(this);
  }
}

/**
 * What one question has read: stretches of long posts' text, their bytes, their headings. What it holds lives as
 * long as the question: kept in long-lived maps instead, what a question read outlived it, and young-generation
 * collections copied it (pauses of 2–5 ms instead of under 1 ms at 10k posts). The store keeps one Reading and
 * empties it after each question rather than making one per question: with no Reading alive between questions, a
 * full collection then freed its hidden class (V8's map), and the code compiled for it was thrown away.
 */
class Reading {
  private pieces = new Map<number, TextPiece[]>();
  private bytes = new Map<number, Uint8Array>();
  private headingLists = new Map<number, string[]>();
  private arenaUsed = 0;

  constructor(private readonly store: SnapshotStore) {}

  /** Lets go of everything read: new maps, so that nothing read is kept by one that has grown old. */
  forget(): void {
    this.pieces = new Map();
    this.bytes = new Map();
    this.headingLists = new Map();
    this.arenaUsed = 0;
  }

  textAround(doc: number, from: number, to: number): TextPiece {
    let pieces = this.pieces.get(doc);
    for (const piece of pieces ?? []) {
      if (piece.start <= from && to <= piece.start + piece.text.length) return piece;
    }
    const piece = postTextPiece(this.store.catalog, doc, from, to, this.bytesOf(doc));
    if (!pieces) this.pieces.set(doc, (pieces = []));
    pieces.push(piece);
    return piece;
  }

  /** A post's UTF-8 text, read once per question (into the store's arena) however many stretches are decoded. */
  private bytesOf(doc: number): Uint8Array {
    let bytes = this.bytes.get(doc);
    if (!bytes) {
      const { catalog } = this.store;
      const length = catalog.textOffsets[doc + 1]! - catalog.textOffsets[doc]!;
      // A full arena is replaced, not overwritten: the posts read into it earlier in the question stay valid.
      if (this.arenaUsed + length > this.store.arena.length) {
        this.store.arena = new Uint8Array(Math.max(ARENA_BYTES, length));
        this.arenaUsed = 0;
      }
      bytes = postBytes(catalog, doc, this.store.arena, this.arenaUsed);
      this.arenaUsed += length;
      this.bytes.set(doc, bytes);
    }
    return bytes;
  }

  headings(doc: number): string[] {
    let headings = this.headingLists.get(doc);
    if (!headings) {
      const { paragraphOffsets, paragraphHeadings, headings: names } = this.store.catalog;
      const from = paragraphOffsets[doc]!;
      headings = new Array<string>(paragraphOffsets[doc + 1]! - from);
      for (let k = 0; k < headings.length; k++) headings[k] = names[paragraphHeadings[from + k]!] ?? '';
      this.headingLists.set(doc, headings);
    }
    return headings;
  }
}

/** One post as the search reads it; its text comes from the store when asked for. */
class PostView implements SearchablePost {
  constructor(
    private readonly store: SnapshotStore,
    private readonly doc: number,
    readonly title: string,
  ) {}

  get text(): string {
    return this.store.text(this.doc);
  }

  get textLength(): number {
    return this.store.textLength(this.doc);
  }

  textAround(from: number, to: number): TextPiece {
    return this.store.textAround(this.doc, from, to);
  }

  get paragraphStarts(): Uint32Array {
    return this.store.paragraphStarts(this.doc);
  }

  get headings(): readonly string[] {
    return this.store.headings(this.doc);
  }
}
