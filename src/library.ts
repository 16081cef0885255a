// The posts being served and their index, behind one reference that a reload replaces at once: open, serve, reload,
// swap. A post that breaks keeps its last good version; a source that cannot be read keeps all of its posts.
//
// How posts are kept is src/storage's job (an Edition: posts, index, and the PostStore the search reads them through).
// Where they come from is src/content/sources' (folders, feeds, WordPress, behind ContentSource). Start: the index and
// the text are saved as a snapshot; a restart whose sources' change keys (a folder's scan, a feed's validators) are
// unchanged loads it instead of re-reading and re-indexing. Reload: big blogs are re-indexed in a worker thread and
// the new edition swapped in, while questions keep being answered.
import type { Answer, AnswerResult, LatestPost, PostDetail, PostRef } from './answer.js';
import { ContentFolderError } from './content/load.js';
import type { Problem } from './content/post.js';
import { createSources, type SourceOptions } from './content/sources/create.js';
import { FolderSource } from './content/sources/folder.js';
import type { SourceOutcome } from './content/sources/read-all.js';
import { SourceError, type ChangeKey, type ContentSource } from './content/sources/source.js';
import { mapped } from './search/arrays.js';
import { textFragmentLink } from './search/deep-link.js';
import { parseQuery } from './search/query.js';
import { search, type Hit } from './search/search.js';
import { TitleSuggester } from './search/title-suggest.js';
import { buildCatalog, type BuildInput, type BuildProgress, type BuildReport } from './storage/build.js';
import { buildAndSave, type SaveOutcome } from './storage/build-worker.js';
import { codeKey } from './storage/code-key.js';
import { Edition, type EditionOptions } from './storage/edition.js';
import { paragraphsOf } from './storage/post-store.js';
import { defaultCacheDir, snapshotFile } from './storage/snapshot-file.js';
import type { CatalogPost } from './storage/snapshot-format.js';
import { timeSlicer } from './storage/time-slicer.js';
import { truncate } from './text/truncate.js';

export interface ReloadReport extends BuildReport {
  tookMs: number;
}

/** A served post: everything but its text (the search reads that through the store), with its source and id there. */
export type ServedPost = CatalogPost;

export interface LibraryOptions {
  /**
   * The content sources' specs, in order (CONTENT_SOURCE; see src/content/sources/spec.ts): a folder, `feed:URL`,
   * `wordpress:URL` or a blog's address. A slug belongs to the first source that has it.
   */
  sources?: readonly string[];
  /** One content folder (CONTENT_DIR, --content): the same as `sources: [contentDir]`. */
  contentDir?: string;
  /** How the sources read: SITE_URL and PERMALINK for folders, the fetch limits for web sources. */
  sourceOptions?: SourceOptions;
  /**
   * When every source fails at start and none is a folder (a blog that cannot be reached just now): open with no
   * posts (Library.loaded is false) instead of throwing, for a reload to fill later. Default false: throw SourceError.
   */
  startUnloaded?: boolean;
  onProgress?: BuildProgress;
  /**
   * Folder for the index snapshot (`blogbot-<hash of the sources>.bin`), so a restart does not re-index; false: no
   * snapshot. Default: BLOGBOT_CACHE_DIR, else `.cache/blogbot` in the project.
   */
  cacheDir?: string | false;
  /**
   * Warm the search code up on the posts' titles before the first question (see Library.warmedUp). Default false: a
   * long-running process, such as the bot or a batch of questions, asks for it; a one-off open need not pay for it.
   */
  warmUp?: boolean;
  /**
   * Build in a worker thread: 'auto' (default) does for reloads and for folders of WORKER_MIN_FILES entries or more.
   */
  worker?: boolean | 'auto';
  /**
   * Let the search read only the paragraphs of a candidate post that can match (same answers, less work). Default true.
   */
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
  /** Whether this library started from the snapshot rather than by reading and indexing the sources. */
  loaded: boolean;
}

/** What the first read found: shown at start (the bot logs it, the CLI prints it). */
export interface InitialRead {
  problems: Problem[];
  drafts: Problem[];
  /** How reading each source went; at a start from the snapshot, `unchanged` or `failed` (its posts then kept). */
  sources: SourceOutcome[];
}

export class Library {
  private state: State;
  private reloading: Promise<ReloadReport> | undefined;
  private saving: Promise<void> = Promise.resolve();
  /** A failed snapshot write was reported, and none has been written since. */
  private saveFailureTold = false;
  private isLoaded = true;
  private readonly reloadListeners = new Set<(report: ReloadReport) => void>();

  private constructor(
    private readonly options: LibraryOptions,
    /** The sources, in order; their `spec`s are what a build (maybe in a worker thread) makes them from again. */
    readonly sources: readonly ContentSource[],
    state: State,
    private initial: InitialRead,
    readonly snapshot: SnapshotInfo,
  ) {
    this.state = state;
  }

  /**
   * Loads the snapshot when it was made for the same sources, else reads and indexes them; sources changed since the
   * snapshot are read again (unchanged ones are kept from it). Throws SourceError when no source could be read (a
   * ContentFolderError when one of them is a folder), unless `startUnloaded` allows starting empty.
   */
  static async open(options: LibraryOptions): Promise<Library> {
    const sources = sourcesOf(options);
    const specs = sources.map((source) => source.spec);
    const file = options.cacheDir === false ? undefined : snapshotFile(specs, options.cacheDir ?? defaultCacheDir());
    const snapshotInfo = { file, loaded: false };
    if (file) {
      const onProgress =
        options.onProgress &&
        ((fraction: number, count: number) => options.onProgress!('loading', Math.round(fraction * count), count));
      const edition = await Edition.fromSnapshot(file, {
        ...editionOptions(options),
        sources: specs,
        ...(onProgress && { onProgress }),
      });
      if (edition) {
        const check = await compareKeys(sources, edition);
        const library = new Library(
          options,
          sources,
          new State(edition),
          { problems: edition.problems, drafts: edition.drafts, sources: check.outcomes },
          { file, loaded: check.fresh },
        );
        // Changed sources are read again; the others, and those that cannot be read now, keep their posts from the
        // snapshot.
        if (!check.fresh) {
          await library.rebuild(check.keys, true).catch((error: unknown) => {
            if (!(error instanceof SourceError)) throw error;
            // None could be read after all: the snapshot is served as it is, and the start says why.
            library.initial.sources = check.outcomes.map((outcome) => ({
              ...outcome,
              status: 'failed',
              reason: error.message,
            }));
          });
        }
        return library.warmedUp();
      }
    }
    const keys = await folderKeys(sources);
    const entries = Object.values(keys).reduce((sum, key) => sum + (key.entries ?? 0), 0);
    const useWorker = options.worker === true || (options.worker !== false && entries >= WORKER_MIN_FILES);
    const input: BuildInput = {
      sources: specs,
      ...(options.sourceOptions && { sourceOptions: options.sourceOptions }),
      keys,
      codeKey: codeKey(),
      ...(file && { snapshotFile: file }),
    };
    const { result, saved } = buildAndSave(input, useWorker, options.onProgress);
    let built;
    try {
      built = await result;
    } catch (error) {
      if (!options.startUnloaded || !(error instanceof SourceError) || error instanceof ContentFolderError) throw error;
      return Library.unloaded(options, sources, snapshotInfo, error);
    }
    const edition = await Edition.fromBuild(built, editionOptions(options));
    const state = new State(edition);
    const library = new Library(
      options,
      sources,
      state,
      { problems: edition.problems, drafts: edition.drafts, sources: built.report.sources },
      snapshotInfo,
    );
    library.saving = library.serveFromSnapshot(saved, state);
    return library.warmedUp();
  }

  /** A library with no posts yet (every source failed at start): a reload that reads one fills it. */
  private static async unloaded(
    options: LibraryOptions,
    sources: readonly ContentSource[],
    snapshot: SnapshotInfo,
    error: SourceError,
  ): Promise<Library> {
    const edition = await Edition.fromBuild(await buildCatalog({ sources: [] }), editionOptions(options));
    const failed = sources.map(
      (source): SourceOutcome => ({
        source: source.id,
        label: source.label,
        status: 'failed',
        reason: error.message,
        posts: 0,
        notes: [],
      }),
    );
    const library = new Library(
      options,
      sources,
      new State(edition),
      { problems: [], drafts: [], sources: failed },
      snapshot,
    );
    library.isLoaded = false;
    return library;
  }

  /**
   * Asks the posts' titles as questions (in the forms of WARM_UP_FORMS), for at most WARM_UP_MS: the search code gets
   * compiled to fast machine code and the words of the posts read get stemmed once. Without it, the first few hundred
   * questions after a start take up to several times longer (at 10k posts, 350 questions through `ask --json` right
   * after start: p99 7–8 ms, with it 4–5 ms).
   */
  private warmedUp(): this {
    if (this.options.warmUp !== true) return this;
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
    const specs = this.sources.map((source) => source.spec);
    const edition = await Edition.fromSnapshot(file, {
      ...editionOptions(this.options),
      sources: specs,
      pause: timeSlicer(8),
    }).catch(() => undefined);
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
    this.options.onWarning?.(
      `The index snapshot could not be written to ${outcome.file} (${outcome.reason}): ` +
        `answers are not affected, but the next start will index the posts again.`,
    );
  }

  /** Serves `next`; the state it replaces lets go of its snapshot file (questions are answered synchronously). */
  private swap(next: State): void {
    const replaced = this.state;
    this.state = next;
    next.adoptFrom(replaced);
    void replaced.edition.release().catch(() => {});
  }

  /** The posts being served (their text is read through the store by the search, not kept here). */
  get posts(): readonly ServedPost[] {
    return this.state.posts;
  }

  /**
   * False while no source could be read yet (opened with `startUnloaded` while the blog was unreachable): there are
   * no posts, and a reload that reads a source makes it true.
   */
  get loaded(): boolean {
    return this.isLoaded;
  }

  /** The ids of the sources read at least once: the posts served come from these (the others failed so far). */
  get sourcesRead(): ReadonlySet<string> {
    return new Set(Object.keys(this.state.edition.keys));
  }

  /** Files or items that failed at the first read (or in the snapshot's build). */
  get initialProblems(): Problem[] {
    return this.initial.problems;
  }

  get initialDrafts(): Problem[] {
    return this.initial.drafts;
  }

  /** How reading each source went at start: a failure there is served from the snapshot, or not at all. */
  get initialSources(): SourceOutcome[] {
    return this.initial.sources;
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
    // Written out rather than spread from ref(post): one literal, one hidden class (V8's map) that outlives the answers.
    const resultOf = (hit: Hit): AnswerResult => {
      const post = state.posts[hit.doc]!;
      return {
        slug: post.slug,
        title: post.title,
        url: post.url,
        date: post.date,
        link: textFragmentLink(post.url, hit.excerpt.text),
        score: hit.score,
        confidence: hit.confidence,
        excerpt: hit.excerpt,
      };
    };
    return {
      query: query.text,
      keywords: query.keywords,
      results: mapped(outcome.hits, resultOf),
      related: mapped(outcome.related, resultOf),
      tookMs: performance.now() - started,
    };
  }

  /** Post titles for a question being typed (autocomplete), best first. */
  suggestTitles(typed: string, limit = 10): PostRef[] {
    const state = this.state;
    return state
      .suggester()
      .suggest(typed, limit)
      .map((doc) => ref(state.posts[doc]!));
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
    return {
      ...ref(post),
      summary: summaryOf(post, state, doc),
      passage: truncate(passage, PASSAGE_CHARS, { atWord: true }),
    };
  }

  latest(count = 5): LatestPost[] {
    const state = this.state;
    return state.posts
      .map((post, doc) => ({ post, doc }))
      .sort((a, b) => b.post.date.localeCompare(a.post.date) || a.post.title.localeCompare(b.post.title))
      .slice(0, count)
      .map(({ post, doc }) => ({ ...ref(post), summary: summaryOf(post, state, doc) }));
  }

  /** The summary /latest shows for a served post: its own, else the first sentence of its text. */
  summaryOf(post: ServedPost): string {
    const state = this.state;
    const doc = state.posts.indexOf(post);
    return doc < 0 ? (post.summary ?? '') : summaryOf(post, state, doc);
  }

  /**
   * Whether a reload could change what is served: some source's change key differs from the one its posts were read
   * at, or cannot be taken (the reload then says why). Cheap: a folder's scan, a conditional request per web source.
   */
  async changed(): Promise<boolean> {
    if (!this.isLoaded) return true;
    const keys = this.state.edition.keys;
    for (const source of this.sources) {
      const since = keys[source.id];
      // A key taken while files were being written may miss an edit made in the same clock tick.
      if (!since || since.racy) return true;
      const now = await source.changeKey(since);
      if (!now.ok || now.key.key !== since.key) return true;
    }
    return false;
  }

  /**
   * Re-reads the sources and swaps the new index in at once; concurrent calls share one reload. Rejects with a
   * SourceError (a ContentFolderError for a folder) when no source could be read: everything served is kept.
   */
  reload(): Promise<ReloadReport> {
    this.reloading ??= this.rebuild(undefined, false).finally(() => (this.reloading = undefined));
    return this.reloading;
  }

  /**
   * Called after every successful reload (a /reload, a refresh, a reload asked by another shard), once it is served.
   */
  onReload(listener: (report: ReloadReport) => void): () => void {
    this.reloadListeners.add(listener);
    return () => this.reloadListeners.delete(listener);
  }

  /** `keys`: change keys just taken (at start); `initial`: the report is the library's first read. */
  private async rebuild(keys: Record<string, ChangeKey> | undefined, initial: boolean): Promise<ReloadReport> {
    const started = performance.now();
    const before = this.state;
    keys ??= await folderKeys(this.sources);
    const entries = Object.values(keys).reduce((sum, key) => sum + (key.entries ?? 0), 0);
    const useWorker =
      this.options.worker === true ||
      (this.options.worker !== false && (before.posts.length >= WORKER_MIN_FILES || entries >= WORKER_MIN_FILES));
    const input: BuildInput = {
      sources: this.sources.map((source) => source.spec),
      ...(this.options.sourceOptions && { sourceOptions: this.options.sourceOptions }),
      codeKey: codeKey(),
      keys,
      ...before.edition.previous,
      ...(this.snapshot.file && { snapshotFile: this.snapshot.file }),
    };
    const { result, saved } = buildAndSave(input, useWorker, this.options.onProgress);
    const built = await result;
    // Decoding gives way to the event loop every few milliseconds: questions keep being answered from `before`.
    const next = new State(
      await Edition.fromBuild(built, { ...editionOptions(this.options), ...(!initial && { pause: timeSlicer(8) }) }),
    );
    this.swap(next);
    this.isLoaded = true;
    this.saving = this.serveFromSnapshot(saved, next);
    const report = { ...built.report, tookMs: performance.now() - started };
    if (initial)
      this.initial = { problems: next.edition.problems, drafts: next.edition.drafts, sources: report.sources };
    else for (const listener of this.reloadListeners) listener(report);
    return report;
  }
}

/** The sources the options name: `contentDir` is one folder. Throws SourceError for a spec that cannot be used. */
function sourcesOf(options: LibraryOptions): ContentSource[] {
  if (options.sources === undefined) {
    if (options.contentDir === undefined)
      throw new SourceError('No content source given: set CONTENT_SOURCE or CONTENT_DIR.');
    return [new FolderSource(options.contentDir, options.sourceOptions?.conventions)];
  }
  const made = createSources(options.sources, options.sourceOptions ?? {});
  if (!made.ok) throw new SourceError(made.error);
  if (made.sources.length === 0) throw new SourceError('No content source given: set CONTENT_SOURCE or CONTENT_DIR.');
  return made.sources;
}

/**
 * Folders' change keys (their scans), taken once and handed to the build; a folder that cannot be scanned is left to
 * the build to report.
 */
async function folderKeys(sources: readonly ContentSource[]): Promise<Record<string, ChangeKey>> {
  const keys: Record<string, ChangeKey> = {};
  for (const source of sources) {
    if (source.kind !== 'folder') continue;
    const key = await source.changeKey();
    if (key.ok) keys[source.id] = key.key;
  }
  return keys;
}

/**
 * Whether the snapshot still describes every source: each one's change key is the same as at the snapshot's build,
 * or cannot be taken now (a blog down at start is served from the snapshot, and the outcome says why). `keys`: the
 * folders' keys taken, for a rebuild.
 */
async function compareKeys(
  sources: readonly ContentSource[],
  edition: Edition,
): Promise<{ fresh: boolean; keys: Record<string, ChangeKey>; outcomes: SourceOutcome[] }> {
  let fresh = true;
  const keys: Record<string, ChangeKey> = {};
  const outcomes: SourceOutcome[] = [];
  for (const source of sources) {
    const since = edition.keys[source.id];
    const now = await source.changeKey(since);
    const base = { source: source.id, label: source.label, posts: 0, notes: [] };
    if (!now.ok) {
      outcomes.push({ ...base, status: 'failed', reason: now.reason, cause: now.cause });
      // Never read: nothing of it is in the snapshot to serve.
      if (!since) fresh = false;
      continue;
    }
    if (source.kind === 'folder') keys[source.id] = now.key;
    if (!since || since.racy || now.key.key !== since.key) fresh = false;
    outcomes.push({ ...base, status: 'unchanged', key: now.key });
  }
  return { fresh, keys, outcomes };
}

function editionOptions(options: LibraryOptions): EditionOptions {
  return options.keptTextBytes !== undefined ? { keptTextBytes: options.keptTextBytes } : {};
}

/** What the library serves at one moment: one edition of the blog, and what was built from it on demand. */
class State {
  private titles: TitleSuggester | undefined;

  constructor(readonly edition: Edition) {}

  get posts(): readonly ServedPost[] {
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

function ref(post: ServedPost): PostRef {
  return { slug: post.slug, title: post.title, url: post.url, date: post.date };
}

/** /post shows about this much of a post's beginning. */
const PASSAGE_CHARS = 700;

function summaryOf(post: ServedPost, state: State, doc: number): string {
  if (post.summary) return post.summary;
  // A summary is shown as the author's plain words: the backticks marking code are dropped.
  const first = (
    paragraphsOf(state.edition.store.posts[doc]!).find((paragraph) => paragraph.text.length > 0)?.text ?? ''
  ).replace(/`/g, '');
  const sentence = /^.{20,}?[.!?](?=\s|$)/s.exec(first)?.[0] ?? first;
  return truncate(sentence, 160, { atWord: true });
}
