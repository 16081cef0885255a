// The posts being served and their index, behind one reference that a reload replaces at once: open, serve, reload,
// swap. A file that breaks keeps its last good version; a folder that cannot be read keeps everything.
//
// How posts are kept is src/storage's job (an Edition: posts, index, and the PostStore the search reads them through).
// Start: the index and the text are saved as a snapshot; a restart whose folder scan (sizes, modification times) is
// unchanged loads it instead of re-indexing. Reload: big folders are re-indexed in a worker thread and the new edition
// swapped in, while questions keep being answered.
import type { Answer, AnswerResult, LatestPost, PostDetail, PostRef } from './answer.js';
import type { Post, Problem } from './content/post.js';
import { textFragmentLink } from './search/deep-link.js';
import { parseQuery } from './search/query.js';
import { search, type Hit } from './search/search.js';
import { TitleSuggester } from './search/title-suggest.js';
import type { BuildInput, BuildProgress, BuildReport } from './storage/build.js';
import { buildAndSave, type SaveOutcome } from './storage/build-worker.js';
import { codeKey } from './storage/code-key.js';
import { Edition, type EditionOptions } from './storage/edition.js';
import { scanFolder } from './storage/folder-scan.js';
import { paragraphsOf } from './storage/post-store.js';
import { defaultCacheDir, snapshotFile } from './storage/snapshot-file.js';
import { timeSlicer } from './storage/time-slicer.js';
import { truncate } from './text/truncate.js';

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
   * Posts' decoded text is kept for good when the whole blog's text is at most this many bytes (default
   * KEPT_TEXT_BYTES, 8 MB, in src/storage/open-store.ts); a bigger blog's posts are decoded a few paragraphs at a time,
   * for the question being answered.
   */
  keptTextBytes?: number;
  /**
   * Told, in one sentence, what went wrong without stopping the library: a snapshot that could not be written (once,
   * not at every reload, until one is written again). Default: nothing is said.
   */
  onWarning?: (message: string) => void;
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
  private saving: Promise<void> = Promise.resolve();
  /** A failed snapshot write was reported, and none has been written since. */
  private saveFailureTold = false;

  private constructor(
    private readonly options: LibraryOptions,
    state: State,
    readonly initialProblems: Problem[],
    readonly initialDrafts: Problem[],
    readonly snapshot: SnapshotInfo,
  ) {
    this.state = state;
  }

  /** Loads the snapshot when it still describes the folder, else reads and indexes it; throws ContentFolderError when the folder itself is unusable. */
  static async open(options: LibraryOptions): Promise<Library> {
    const file = options.cacheDir === false ? undefined : snapshotFile(options.contentDir, options.cacheDir ?? defaultCacheDir());
    const scan = await scanFolder(options.contentDir).catch(() => undefined);
    if (file && scan !== undefined) {
      const onProgress = options.onProgress && ((fraction: number, count: number) => options.onProgress!('loading', Math.round(fraction * count), count));
      const edition = await Edition.fromSnapshot(file, { ...editionOptions(options), scan: scan.key, ...(onProgress && { onProgress }) });
      if (edition) return new Library(options, new State(edition), edition.problems, edition.drafts, { file, loaded: true }).warmedUp();
    }
    const useWorker = options.worker === true || (options.worker !== false && scan !== undefined && scan.entries >= WORKER_MIN_FILES);
    const { result, saved } = buildAndSave({ contentDir: options.contentDir, codeKey: codeKey(), ...(scan !== undefined && { scan }), ...(file && { snapshotFile: file }) }, useWorker, options.onProgress);
    const edition = await Edition.fromBuild(await result, editionOptions(options));
    const state = new State(edition);
    const library = new Library(options, state, edition.problems, edition.drafts, { file, loaded: false });
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
  private async serveFromSnapshot(saved: Promise<SaveOutcome>, built: State): Promise<void> {
    const outcome = await saved;
    this.tell(outcome);
    const file = this.snapshot.file;
    if (!file || outcome.status !== 'written' || this.state !== built) return;
    const edition = await Edition.fromSnapshot(file, { ...editionOptions(this.options), scan: built.edition.scan, pause: timeSlicer(8) }).catch(() => undefined);
    // The file may be another build's by now (a reload wrote it): only the very edition being served is swapped.
    if (!edition || edition.generation !== built.edition.generation || this.state !== built) {
      await edition?.release();
      return;
    }
    this.swap(new State(edition));
  }

  /** Reports a snapshot that could not be written, once until one is written again. */
  private tell(outcome: SaveOutcome): void {
    if (outcome.status === 'written') this.saveFailureTold = false;
    if (outcome.status !== 'failed' || this.saveFailureTold) return;
    this.saveFailureTold = true;
    this.options.onWarning?.(`The index snapshot could not be written to ${outcome.file} (${outcome.reason}): answers are not affected, but the next start will index the posts again.`);
  }

  /** Serves `next`; the state it replaces lets go of its snapshot file (questions are answered synchronously). */
  private swap(next: State): void {
    const replaced = this.state;
    this.state = next;
    next.adoptFrom(replaced);
    void replaced.edition.release().catch(() => {});
  }

  /** The posts being served. Their `body` (Markdown) is not kept in memory: reading it reads the file again. */
  get posts(): readonly Post[] {
    return this.state.posts;
  }

  /** Bytes of the block held in memory: the index, plus the posts' text until it can be read from the snapshot file. */
  get blockBytes(): number {
    return this.state.edition.blockBytes;
  }

  /** Settles when the latest snapshot has been written (or could not be: a snapshot is only an optimisation). */
  saved(): Promise<void> {
    return this.saving;
  }

  ask(question: string, limit = 3): Answer {
    const started = performance.now();
    const state = this.state;
    // Read with the blog's acronyms too: those its posts spell out beside their long forms.
    const query = parseQuery(question, state.edition.index.acronyms);
    const outcome = state.search(query, limit, this.options.focus !== false);
    const resultOf = (hit: Hit): AnswerResult => {
      const post = state.posts[hit.doc]!;
      return {
        ...ref(post),
        link: textFragmentLink(post.url, hit.excerpt.text),
        score: hit.score,
        confidence: hit.confidence,
        excerpt: hit.excerpt,
      };
    };
    return {
      query: query.text,
      keywords: query.keywords,
      results: outcome.hits.map(resultOf),
      related: outcome.related.map(resultOf),
      tookMs: performance.now() - started,
    };
  }

  /** Post titles for a question being typed (autocomplete), best first. */
  suggestTitles(typed: string, limit = 10): PostRef[] {
    const state = this.state;
    return state.suggester().suggest(typed, limit).map((doc) => ref(state.posts[doc]!));
  }

  /**
   * One post by its title (any case, as autocomplete offers it) or slug, else the title closest to what was typed;
   * with its summary and first passage. Undefined when nothing comes close.
   */
  findPost(titleOrSlug: string): PostDetail | undefined {
    const state = this.state;
    const wanted = titleOrSlug.trim().toLowerCase();
    if (wanted === '') return undefined;
    let doc = state.posts.findIndex((post) => post.title.toLowerCase() === wanted || post.slug === wanted);
    if (doc < 0) doc = state.suggester().suggest(titleOrSlug, 1)[0] ?? -1;
    const post = state.posts[doc];
    if (!post) return undefined;
    let passage = '';
    for (const paragraph of paragraphsOf(state.edition.store.posts[doc]!)) {
      if (paragraph.text.length === 0) continue;
      passage = passage ? `${passage}\n\n${paragraph.text}` : paragraph.text;
      if (passage.length >= PASSAGE_CHARS) break;
    }
    return { ...ref(post), summary: summaryOf(post, state, doc), passage: truncate(passage, PASSAGE_CHARS, { atWord: true }) };
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
      ...before.edition.previous,
      ...(scan !== undefined && { scan }),
      ...(this.snapshot.file && { snapshotFile: this.snapshot.file }),
    };
    const { result, saved } = buildAndSave(input, useWorker, this.options.onProgress);
    const built = await result;
    // Decoding gives way to the event loop every few milliseconds: questions keep being answered from `before`.
    const next = new State(await Edition.fromBuild(built, { ...editionOptions(this.options), pause: timeSlicer(8) }));
    this.swap(next);
    this.saving = this.serveFromSnapshot(saved, next);
    return { ...built.report, tookMs: performance.now() - started };
  }
}

function editionOptions(options: LibraryOptions): EditionOptions {
  return { contentDir: options.contentDir, ...(options.keptTextBytes !== undefined && { keptTextBytes: options.keptTextBytes }) };
}

/** What the library serves at one moment: one edition of the blog, and what was built from it on demand. */
class State {
  private titles: TitleSuggester | undefined;

  constructor(readonly edition: Edition) {}

  get posts(): readonly Post[] {
    return this.edition.posts;
  }

  /** Takes over what `other`, serving the same edition, already built on demand. */
  adoptFrom(other: State): void {
    if (other.edition.generation === this.edition.generation) this.titles ??= other.titles;
  }

  /** Built on the first autocomplete, not at start: most questions never need it. */
  suggester(): TitleSuggester {
    this.titles ??= new TitleSuggester(this.posts.map((post) => post.title));
    return this.titles;
  }

  search(query: ReturnType<typeof parseQuery>, limit: number, focus: boolean) {
    const { store, index } = this.edition;
    return store.duringQuestion(() => search({ posts: store.posts, index }, query, { limit, wholePosts: !focus }));
  }
}

function ref(post: Post): PostRef {
  return { slug: post.slug, title: post.title, url: post.url, date: post.date };
}

/** /post shows about this much of a post's beginning. */
const PASSAGE_CHARS = 700;

function summaryOf(post: Post, state: State, doc: number): string {
  if (post.summary) return post.summary;
  // A summary is shown as the author's plain words: the backticks marking code are dropped.
  const first = (paragraphsOf(state.edition.store.posts[doc]!).find((paragraph) => paragraph.text.length > 0)?.text ?? '').replace(/`/g, '');
  const sentence = /^.{20,}?[.!?](?=\s|$)/s.exec(first)?.[0] ?? first;
  return truncate(sentence, 160, { atWord: true });
}
