// The posts being served and their index, behind one reference that a reload replaces at once.
// A file that breaks keeps its last good version; a folder that cannot be read keeps everything.
import { loadContent, type LoadedContent, type Progress } from './content/load.js';
import { toParagraphs } from './content/paragraphs.js';
import type { Post, Problem } from './content/post.js';
import { parseQuery } from './search/query.js';
import { search, type Corpus, type SearchablePost } from './search/search.js';
import { buildTermIndex } from './search/term-index.js';
import { textFragmentLink } from './search/deep-link.js';

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

export interface ReloadReport {
  added: string[];
  changed: string[];
  removed: string[];
  /** Files that failed; `kept` says whether their last good version is still served. */
  problems: Array<Problem & { kept: boolean }>;
  drafts: Problem[];
  postCount: number;
  tookMs: number;
}

interface State {
  posts: Post[];
  corpus: Corpus;
}

export interface LibraryOptions {
  contentDir: string;
  onProgress?: (phase: 'reading' | 'indexing', done: number, total: number) => void;
}

export class Library {
  private state: State;
  private reloading: Promise<ReloadReport> | undefined;

  private constructor(
    private readonly options: LibraryOptions,
    state: State,
    readonly initialProblems: Problem[],
    readonly initialDrafts: Problem[],
  ) {
    this.state = state;
  }

  /** Reads and indexes the folder; throws ContentFolderError when the folder itself is unusable. */
  static async open(options: LibraryOptions): Promise<Library> {
    const loaded = await read(options);
    return new Library(options, buildState(loaded.posts, options), loaded.problems, loaded.drafts);
  }

  get posts(): readonly Post[] {
    return this.state.posts;
  }

  ask(question: string, limit = 3): Answer {
    const started = performance.now();
    const { posts, corpus } = this.state;
    const query = parseQuery(question);
    const outcome = search(corpus, query, { limit });
    const results = outcome.hits.map((hit): AnswerResult => {
      const post = posts[hit.doc]!;
      return {
        ...ref(post),
        link: textFragmentLink(post.url, hit.excerpt.plain),
        score: hit.score,
        confidence: hit.confidence,
        excerpt: hit.excerpt.markdown,
      };
    });
    const related = outcome.related.map((doc) => ref(posts[doc]!));
    return { query: query.text, keywords: query.keywords, results, related, tookMs: performance.now() - started };
  }

  latest(count = 5): LatestPost[] {
    return [...this.state.posts]
      .sort((a, b) => b.date.localeCompare(a.date) || a.title.localeCompare(b.title))
      .slice(0, count)
      .map((post) => ({ ...ref(post), summary: summaryOf(post) }));
  }

  /** Re-reads the folder and swaps the new index in at once; concurrent calls share one reload. */
  reload(): Promise<ReloadReport> {
    this.reloading ??= this.doReload().finally(() => (this.reloading = undefined));
    return this.reloading;
  }

  private async doReload(): Promise<ReloadReport> {
    const started = performance.now();
    const before = this.state.posts;
    const loaded = await read(this.options);
    const byFile = new Map(before.map((post) => [post.file, post]));
    const fresh = new Set(loaded.posts.map((post) => post.slug));
    const posts = [...loaded.posts];
    const problems = loaded.problems.map((problem) => {
      const previous = byFile.get(problem.file);
      const kept = previous !== undefined && !fresh.has(previous.slug);
      if (kept) {
        posts.push(previous);
        fresh.add(previous.slug);
      }
      return { ...problem, kept };
    });
    posts.sort((a, b) => a.file.localeCompare(b.file));
    const next = buildState(posts, this.options);
    this.state = next;

    const oldBySlug = new Map(before.map((post) => [post.slug, post]));
    const newBySlug = new Map(posts.map((post) => [post.slug, post]));
    return {
      added: posts.filter((post) => !oldBySlug.has(post.slug)).map((post) => post.slug),
      changed: posts.filter((post) => isChanged(oldBySlug.get(post.slug), post)).map((post) => post.slug),
      removed: before.filter((post) => !newBySlug.has(post.slug)).map((post) => post.slug),
      problems,
      drafts: loaded.drafts,
      postCount: posts.length,
      tookMs: performance.now() - started,
    };
  }
}

function isChanged(old: Post | undefined, post: Post): boolean {
  return old !== undefined && (old.body !== post.body || old.title !== post.title || old.date !== post.date || old.url !== post.url);
}

async function read(options: LibraryOptions): Promise<LoadedContent> {
  const progress: Progress | undefined = options.onProgress ? (done, total) => options.onProgress!('reading', done, total) : undefined;
  return loadContent(options.contentDir, progress);
}

function buildState(posts: Post[], options: LibraryOptions): State {
  const searchable = posts.map(toSearchable);
  let done = 0;
  const index = buildTermIndex(
    (function* () {
      for (const post of searchable) {
        options.onProgress?.('indexing', ++done, searchable.length);
        yield { title: post.title, paragraphs: paragraphsOf(post) };
      }
    })(),
  );
  return { posts, corpus: { posts: searchable, index } };
}

function toSearchable(post: Post): SearchablePost {
  const paragraphs = toParagraphs(post.body);
  const paragraphStarts: number[] = [];
  let at = 0;
  for (const paragraph of paragraphs) {
    paragraphStarts.push(at);
    at += paragraph.text.length + 2;
  }
  return {
    title: post.title,
    text: paragraphs.map((paragraph) => paragraph.text).join('\n\n'),
    paragraphStarts,
    headings: paragraphs.map((paragraph) => paragraph.heading),
  };
}

function paragraphsOf(post: SearchablePost): string[] {
  return post.paragraphStarts.map((start, i) => post.text.slice(start, (post.paragraphStarts[i + 1] ?? post.text.length + 2) - 2));
}

function ref(post: Post): PostRef {
  return { slug: post.slug, title: post.title, url: post.url, date: post.date };
}

function summaryOf(post: Post): string {
  if (post.summary) return post.summary;
  const first = toParagraphs(post.body).find((paragraph) => paragraph.text.length > 0)?.text ?? '';
  const sentence = /^.{20,}?[.!?](?=\s|$)/s.exec(first)?.[0] ?? first;
  return sentence.length > 160 ? `${sentence.slice(0, 157).replace(/\s+\S*$/, '')}…` : sentence;
}
