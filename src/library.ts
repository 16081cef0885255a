// The posts being served and their index, behind one reference that a reload replaces at once.
// A file that breaks keeps its last good version; a folder that cannot be read keeps everything.
//
// Memory: a post's Markdown is not kept, only its plain text and a hash of the Markdown to tell edits apart. Start:
// the index and the text are saved as a snapshot; a restart whose folder scan (sizes, modification times) is unchanged
// loads the index from it and reads a post's text from the file when a question needs it. Reload: big folders are
// re-indexed in a worker thread and the new block swapped in, while questions keep being answered.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parsePost } from './content/parse-post.js';
import type { Post, Problem } from './content/post.js';
import { buildCatalog, buildInWorker, WorkerStartError, type BuildInput, type BuildReport, type Built, type BuildProgress } from './index-worker.js';
import { textFragmentLink } from './search/deep-link.js';
import { parseQuery } from './search/query.js';
import { TitleSuggester } from './search/title-suggest.js';
import { search } from './search/search.js';
import type { SearchablePost, TextPiece } from './search/types.js';
import {
  codeKey,
  decodeCatalog,
  defaultCacheDir,
  postParagraphs,
  postText,
  postBytes,
  postTextPiece,
  readSnapshot,
  scanFolder,
  snapshotFile,
  timeSlicer,
  writeSnapshot,
  type Catalog,
  type CatalogPost,
} from './search/snapshot.js';
import type { TermIndex } from './search/term-index.js';
import { truncate } from './text/truncate.js';

export interface AnswerResult {
  slug: string;
  title: string;
  url: string;
  /** The post's address, pointing at the excerpt itself where the blog's pages allow it. */
  link: string;
  date: string;
  score: number;
  confidence: number;
  excerpt: string;
}

export interface PostRef {
  slug: string;
  title: string;
  url: string;
  date: string;
}

export interface Answer {
  query: string;
  keywords: string[];
  results: AnswerResult[];
  /** When there is no good match: the closest posts, offered as "maybe related", never as answers. */
  related: PostRef[];
  tookMs: number;
}

export interface LatestPost extends PostRef {
  summary: string;
}

export interface ReloadReport extends BuildReport {
  tookMs: number;
}

export interface LibraryOptions {
  contentDir: string;
  onProgress?: BuildProgress;
  /**
   * Folder for the index snapshot (`<hash of the content folder's path>.bin`), so a restart does not re-index;
   * false: no snapshot. Default: BLOGBOT_CACHE_DIR, else `.cache/blogbot` in the project.
   */
  cacheDir?: string | false;
  /** Warm the search code up on the posts' titles before the first question (default true; see Library.warmedUp). */
  warmUp?: boolean;
  /** Build in a worker thread: 'auto' (default) does for reloads and for folders of WORKER_MIN_FILES entries or more. */
  worker?: boolean | 'auto';
  /** Let the search read only the paragraphs of a candidate post that can match (same answers, less work). Default true. */
  focus?: boolean;
  /**
   * Posts' decoded text is kept for good when the whole blog's text is at most this many bytes (default 8 MB); a
   * bigger blog's posts are decoded a few paragraphs at a time, for the question being answered.
   */
  keptTextBytes?: number;
}

const WARM_UP_QUESTIONS = 1000;
/** Titles are asked in the forms members' questions take, so that the code of each kind of answer gets warm too. */
const WARM_UP_FORMS = ['', 'why ', 'who ', 'where ', 'when ', 'how many ', 'what is '];
const WARM_UP_MS = 700;

/** From this many folder entries on, 'auto' builds in a worker thread (starting one costs ~0.2 s). */
export const WORKER_MIN_FILES = 300;

export interface SnapshotInfo {
  /** Where the snapshot is read and written; undefined when there is none (cacheDir: false). */
  file: string | undefined;
  /** Whether this library started from the snapshot rather than by reading and indexing the folder. */
  loaded: boolean;
}

export class Library {
  private state: State;
  private reloading: Promise<ReloadReport> | undefined;
  private saving: Promise<void>;

  private constructor(
    private readonly options: LibraryOptions,
    state: State,
    readonly initialProblems: Problem[],
    readonly initialDrafts: Problem[],
    readonly snapshot: SnapshotInfo,
    saving: Promise<void>,
  ) {
    this.state = state;
    this.saving = saving;
  }

  /** Loads the snapshot when it still describes the folder, else reads and indexes it; throws ContentFolderError when the folder itself is unusable. */
  static async open(options: LibraryOptions): Promise<Library> {
    const file = options.cacheDir === false ? undefined : snapshotFile(options.contentDir, options.cacheDir ?? defaultCacheDir());
    const scan = await scanFolder(options.contentDir).catch(() => undefined);
    if (file && scan !== undefined) {
      const onProgress = options.onProgress && ((fraction: number, count: number) => options.onProgress!('loading', Math.round(fraction * count), count));
      const state = await fromSnapshot(file, options, scan.key, undefined, onProgress);
      if (state) return new Library(options, state, state.catalog.problems, state.catalog.drafts, { file, loaded: true }, Promise.resolve()).warmedUp();
    }
    const useWorker = options.worker === true || (options.worker !== false && scan !== undefined && scan.entries >= WORKER_MIN_FILES);
    const { result, saved } = build({ contentDir: options.contentDir, codeKey: codeKey(), ...(scan !== undefined && { scan }), ...(file && { snapshotFile: file }) }, useWorker, options.onProgress);
    const built = await result;
    const catalog = await decodeCatalog(built.buffer, { text: built.text });
    const state = await State.create(catalog, options);
    const library = new Library(options, state, catalog.problems, catalog.drafts, { file, loaded: false }, saved);
    library.saving = library.serveFromSnapshot(saved, state);
    return library.warmedUp();
  }

  /**
   * Asks the posts' titles as questions (in the forms of WARM_UP_FORMS), for at most WARM_UP_MS: the search code gets compiled to fast machine code
   * and the words of the posts read get stemmed once. Without it, the first few hundred questions after a start take
   * up to several times longer (at 10k posts, 350 questions through `ask --json` right after start: p99 7–8 ms, with it 4–5 ms).
   */
  private warmedUp(): this {
    if (this.options.warmUp === false) return this;
    const started = performance.now();
    const posts = this.state.posts;
    const step = Math.max(1, Math.floor(posts.length / WARM_UP_QUESTIONS));
    for (let doc = 0, k = 0; doc < posts.length && performance.now() - started < WARM_UP_MS; doc += step, k++) {
      this.ask(`${WARM_UP_FORMS[k % WARM_UP_FORMS.length]}${posts[doc]!.title}`);
    }
    return this;
  }

  /**
   * Once the snapshot of a freshly built catalog is written, serves the same catalog from it: its text then stays in
   * the file instead of in memory (about two thirds of the block). Nothing changes if the state was replaced meanwhile.
   */
  private async serveFromSnapshot(saved: Promise<void>, built: State): Promise<void> {
    await saved;
    const file = this.snapshot.file;
    if (!file || this.state !== built) return;
    const pause = timeSlicer(8);
    const state = await fromSnapshot(file, this.options, built.catalog.scan, pause).catch(() => undefined);
    // The file may be another build's by now (a reload wrote it): only the very catalog being served is swapped.
    if (!state || state.catalog.generation !== built.catalog.generation || this.state !== built) {
      await state?.release();
      return;
    }
    this.swap(state);
  }

  /** Serves `next`; the state it replaces lets go of its snapshot file (questions are answered synchronously). */
  private swap(next: State): void {
    const replaced = this.state;
    this.state = next;
    next.adoptFrom(replaced);
    void replaced.release().catch(() => {});
  }

  /** The posts being served. Their `body` (Markdown) is not kept in memory: reading it reads the file again. */
  get posts(): readonly Post[] {
    return this.state.posts;
  }

  /** Bytes of the block held in memory: the index, plus the posts' text until it can be read from the snapshot file. */
  get blockBytes(): number {
    return this.state.catalog.buffer.byteLength + this.state.catalog.text.length;
  }

  /** Settles when the latest snapshot has been written (or could not be: a snapshot is only an optimisation). */
  saved(): Promise<void> {
    return this.saving;
  }

  ask(question: string, limit = 3): Answer {
    const started = performance.now();
    const state = this.state;
    // Read with the blog's acronyms too: those its posts spell out beside their long forms.
    const query = parseQuery(question, state.index.acronyms);
    const outcome = state.search(query, limit, this.options.focus !== false);
    const results = outcome.hits.map((hit): AnswerResult => {
      const post = state.posts[hit.doc]!;
      return {
        ...ref(post),
        link: textFragmentLink(post.url, hit.excerpt.plain),
        score: hit.score,
        confidence: hit.confidence,
        excerpt: hit.excerpt.markdown,
      };
    });
    const related = outcome.related.map((doc) => ref(state.posts[doc]!));
    return { query: query.text, keywords: query.keywords, results, related, tookMs: performance.now() - started };
  }

  /** Post titles for a question being typed (autocomplete), best first. */
  suggestTitles(typed: string, limit = 10): PostRef[] {
    const state = this.state;
    return state.suggester().suggest(typed, limit).map((doc) => ref(state.posts[doc]!));
  }

  latest(count = 5): LatestPost[] {
    const state = this.state;
    return state.posts
      .map((post, doc) => ({ post, doc }))
      .sort((a, b) => b.post.date.localeCompare(a.post.date) || a.post.title.localeCompare(b.post.title))
      .slice(0, count)
      .map(({ post, doc }) => ({ ...ref(post), summary: summaryOf(post, state, doc) }));
  }

  /** Re-reads the folder and swaps the new index in at once; concurrent calls share one reload. */
  reload(): Promise<ReloadReport> {
    this.reloading ??= this.doReload().finally(() => (this.reloading = undefined));
    return this.reloading;
  }

  private async doReload(): Promise<ReloadReport> {
    const started = performance.now();
    const before = this.state;
    const scan = await scanFolder(this.options.contentDir).catch(() => undefined);
    const useWorker =
      this.options.worker === true ||
      (this.options.worker !== false && (before.posts.length >= WORKER_MIN_FILES || (scan !== undefined && scan.entries >= WORKER_MIN_FILES)));
    const input: BuildInput = {
      contentDir: this.options.contentDir,
      codeKey: codeKey(),
      previous: before.catalog.buffer,
      previousText: before.catalog.textFile ?? before.catalog.text,
      ...(scan !== undefined && { scan }),
      ...(this.snapshot.file && { snapshotFile: this.snapshot.file }),
    };
    const { result, saved } = build(input, useWorker, this.options.onProgress);
    const built = await result;
    // Decoding gives way to the event loop every few milliseconds: questions keep being answered from `before`.
    const pause = timeSlicer(8);
    const catalog = await decodeCatalog(built.buffer, { text: built.text, pause });
    const next = await State.create(catalog, this.options, pause);
    this.swap(next);
    this.saving = this.serveFromSnapshot(saved, next);
    return { ...built.report, tookMs: performance.now() - started };
  }
}

/** The state served from a snapshot file that still describes the folder (see readSnapshot), or undefined. */
async function fromSnapshot(
  file: string,
  options: LibraryOptions,
  scan: string,
  pause?: () => Promise<void>,
  onProgress?: (fraction: number, count: number) => void,
): Promise<State | undefined> {
  const read = await readSnapshot(file, { contentDir: options.contentDir, codeKey: codeKey(), scan, ...(onProgress && { onProgress }) });
  if (!read) return undefined;
  const catalog = await decodeCatalog(read.buffer, { verify: true, textFile: read.textFile, ...(pause && { pause }) }).catch(() => undefined);
  if (!catalog) {
    await read.close();
    return undefined;
  }
  return State.create(catalog, options, pause, read.close);
}

/** Builds in a worker when asked (falling back to this thread if a worker cannot start); writes the snapshot. */
function build(input: BuildInput, inWorker: boolean, onProgress?: BuildProgress): { result: Promise<Built>; saved: Promise<void> } {
  if (inWorker) {
    const worker = buildInWorker(input, onProgress);
    let fallback: { result: Promise<Built>; saved: Promise<void> } | undefined;
    const result = worker.result.catch((error: unknown) => {
      if (!(error instanceof WorkerStartError)) throw error;
      fallback = build(input, false, onProgress);
      return fallback.result;
    });
    const saved = worker.saved.then(() => result.then(() => fallback?.saved, () => {}));
    return { result, saved };
  }
  const result = buildCatalog(input, onProgress);
  const saved = result.then((built) => (built.snapshotFile ? writeSnapshot(built.snapshotFile, built.buffer, built.text) : undefined)).then(
    () => {},
    () => {},
  );
  return { result, saved };
}

// ---------------------------------------------------------------------------------------------------------------
// What one catalog serves
// ---------------------------------------------------------------------------------------------------------------

// When all the blog's text is small (under KEPT_TEXT_BYTES), each post is decoded once and kept. A bigger blog's posts
// are read a question at a time, and only the paragraphs the question looks at are decoded: decoding whole posts made
// a question allocate ~0.5 MB at 10k posts, and young-generation collections of 3–5 ms hit one question in 25.
// Whole texts (reading whole posts, rebuilding) go through a cache of TEXT_CACHE.
const TEXT_CACHE = 4;
const KEPT_TEXT_BYTES = 8 * 1024 * 1024;
/** Room for the text a question reads of long posts (more is taken when a question needs it). */
const ARENA_BYTES = 1024 * 1024;

class State {
  readonly posts: ServedPost[];
  readonly index: TermIndex;
  private readonly views: PostView[];
  private readonly texts = new Map<number, string>();
  /** A small blog's texts are all kept once decoded; a big one's only while a question is answered. */
  private readonly keepAll: boolean;
  /** What the question being answered has read; undefined between questions. */
  private reading: Reading | undefined;
  /** Room for the bytes of the posts a question reads (see Reading). */
  arena = Buffer.alloc(0);
  private titles: TitleSuggester | undefined;

  private constructor(
    readonly catalog: Catalog,
    /** Closes the snapshot file the text is read from, if any. */
    readonly release: () => Promise<void>,
    keptTextBytes: number,
  ) {
    this.index = catalog.index;
    this.posts = [];
    this.views = [];
    this.keepAll = catalog.textOffsets[catalog.posts.length]! <= keptTextBytes;
  }

  /** With `pause`, gives way to the event loop between slices of posts (a reload swapping in thousands of them). */
  static async create(catalog: Catalog, options: LibraryOptions, pause: () => Promise<void> = async () => {}, release = async () => {}): Promise<State> {
    const state = new State(catalog, release, options.keptTextBytes ?? KEPT_TEXT_BYTES);
    for (let doc = 0; doc < catalog.posts.length; doc++) {
      const post = catalog.posts[doc]!;
      state.posts.push(new ServedPost(post, options.contentDir));
      state.views.push(new PostView(state, doc, post.title));
      if (doc % 1024 === 1023) await pause();
    }
    // Typo lookups need a table of the vocabulary: make it now rather than in the first question that needs it.
    catalog.index.prepareTypoLookup();
    return state;
  }

  /** Takes over what `other`, serving the same catalog, already built on demand. */
  adoptFrom(other: State): void {
    if (other.catalog.generation === this.catalog.generation) this.titles ??= other.titles;
  }

  /** Built on the first autocomplete, not at start: most questions never need it. */
  suggester(): TitleSuggester {
    this.titles ??= new TitleSuggester(this.posts.map((post) => post.title));
    return this.titles;
  }

  search(query: ReturnType<typeof parseQuery>, limit: number, focus: boolean) {
    this.reading = new Reading(this);
    try {
      return search({ posts: this.views, index: this.index }, query, { limit, wholePosts: !focus });
    } finally {
      this.reading = undefined;
    }
  }

  textLength(doc: number): number {
    return this.catalog.textLengths[doc]!;
  }

  /**
   * The paragraphs of a post around text[from, to), decoded alone and kept for the rest of the question (its excerpt
   * reads them again). A small blog's texts are decoded whole once and kept.
   */
  textAround(doc: number, from: number, to: number): TextPiece {
    if (this.keepAll) return { start: 0, text: this.text(doc) };
    return (this.reading ?? new Reading(this)).textAround(doc, from, to);
  }

  text(doc: number): string {
    let text = this.texts.get(doc);
    if (text === undefined) {
      text = postText(this.catalog, doc);
      if (!this.keepAll && this.texts.size >= TEXT_CACHE) this.texts.delete(this.texts.keys().next().value!);
      this.texts.set(doc, text);
    } else if (!this.keepAll) {
      // Most recently used last: the first key is the one to evict.
      this.texts.delete(doc);
      this.texts.set(doc, text);
    }
    return text;
  }

  paragraphStarts(doc: number): Uint32Array {
    return this.catalog.paragraphStarts.subarray(this.catalog.paragraphOffsets[doc]!, this.catalog.paragraphOffsets[doc + 1]!);
  }

  headings(doc: number): string[] {
    return (this.reading ?? new Reading(this)).headings(doc);
  }
}

/**
 * What one question has read: stretches of long posts' text, their bytes, their headings. It lives as long as the
 * question: kept in long-lived maps instead, what a question read outlived it, and young-generation collections
 * copied it (pauses of 2–5 ms instead of under 1 ms at 10k posts).
 */
class Reading {
  private readonly pieces = new Map<number, TextPiece[]>();
  private readonly bytes = new Map<number, Uint8Array>();
  private readonly headingLists = new Map<number, string[]>();
  private arenaUsed = 0;

  constructor(private readonly state: State) {}

  textAround(doc: number, from: number, to: number): TextPiece {
    let pieces = this.pieces.get(doc);
    for (const piece of pieces ?? []) {
      if (piece.start <= from && to <= piece.start + piece.text.length) return piece;
    }
    const piece = postTextPiece(this.state.catalog, doc, from, to, this.bytesOf(doc));
    if (!pieces) this.pieces.set(doc, (pieces = []));
    pieces.push(piece);
    return piece;
  }

  /** A post's UTF-8 text, read once per question (into the state's arena) however many stretches are decoded. */
  private bytesOf(doc: number): Uint8Array {
    let bytes = this.bytes.get(doc);
    if (!bytes) {
      const { catalog } = this.state;
      const length = catalog.textOffsets[doc + 1]! - catalog.textOffsets[doc]!;
      // A full arena is replaced, not overwritten: the posts read into it earlier in the question stay valid.
      if (this.arenaUsed + length > this.state.arena.length) {
        this.state.arena = Buffer.alloc(Math.max(ARENA_BYTES, length));
        this.arenaUsed = 0;
      }
      bytes = postBytes(catalog, doc, this.state.arena, this.arenaUsed);
      this.arenaUsed += length;
      this.bytes.set(doc, bytes);
    }
    return bytes;
  }

  headings(doc: number): string[] {
    let headings = this.headingLists.get(doc);
    if (!headings) {
      const { paragraphOffsets, paragraphHeadings, headings: names } = this.state.catalog;
      const from = paragraphOffsets[doc]!;
      headings = new Array<string>(paragraphOffsets[doc + 1]! - from);
      for (let k = 0; k < headings.length; k++) headings[k] = names[paragraphHeadings[from + k]!] ?? '';
      this.headingLists.set(doc, headings);
    }
    return headings;
  }
}

/** What the search reads of a post; its text comes from the shared block when asked for. */
class PostView implements SearchablePost {
  constructor(
    private readonly state: State,
    private readonly doc: number,
    readonly title: string,
  ) {}

  get text(): string {
    return this.state.text(this.doc);
  }

  get textLength(): number {
    return this.state.textLength(this.doc);
  }

  textAround(from: number, to: number): TextPiece {
    return this.state.textAround(this.doc, from, to);
  }

  get paragraphStarts(): Uint32Array {
    return this.state.paragraphStarts(this.doc);
  }

  get headings(): readonly string[] {
    return this.state.headings(this.doc);
  }
}


/** A served post; its Markdown body is read from the file again when asked for (it is not kept in memory). */
class ServedPost implements Post {
  readonly slug: string;
  readonly title: string;
  readonly date: string;
  readonly url: string;
  readonly summary?: string;
  readonly file: string;
  readonly fingerprint: string;
  readonly hash: string;

  constructor(
    post: CatalogPost,
    private readonly contentDir: string,
  ) {
    this.slug = post.slug;
    this.title = post.title;
    this.date = post.date;
    this.url = post.url;
    if (post.summary) this.summary = post.summary;
    this.file = post.file;
    this.fingerprint = post.fingerprint;
    this.hash = post.hash;
  }

  get body(): string {
    try {
      const parsed = parsePost(this.file, readFileSync(path.join(this.contentDir, this.file)), this.fingerprint);
      return parsed.kind === 'post' ? parsed.post.body : '';
    } catch {
      return '';
    }
  }
}

function ref(post: Post): PostRef {
  return { slug: post.slug, title: post.title, url: post.url, date: post.date };
}

function summaryOf(post: Post, state: State, doc: number): string {
  if (post.summary) return post.summary;
  const first = postParagraphs(state.catalog, doc, state.text(doc)).find((paragraph) => paragraph.text.length > 0)?.text ?? '';
  const sentence = /^.{20,}?[.!?](?=\s|$)/s.exec(first)?.[0] ?? first;
  return truncate(sentence, 160, { atWord: true });
}
