// Builds the served posts' text and index from the content sources into one SharedArrayBuffer in the snapshot
// format, with the posts' text in shared memory beside it (build-worker.ts runs this in a worker thread: the buffers
// are handed back without a copy). A post that fails, and every post of a source that is unchanged or cannot be
// read, keeps its last good version from the previous catalog, found by (source id, post id).
import zlib from 'node:zlib';
import { toParagraphs, type Paragraph } from '../content/paragraphs.js';
import type { Problem } from '../content/post.js';
import { createSources, type SourceOptions } from '../content/sources/create.js';
import { readSources, type SourcedProblem, type SourceOutcome } from '../content/sources/read-all.js';
import { SourceError, type ChangeKey, type SourcePost } from '../content/sources/source.js';
import { ContentFolderError } from '../content/load.js';
import { TermIndexBuilder } from '../search/term-index.js';
import { postParagraphs } from './catalog-text.js';
import { codeKey } from './code-key.js';
import { decodeCatalog, encodeCatalog, type Catalog, type CatalogPost, type TextFile } from './snapshot-format.js';

/** 'loading': a saved index (the snapshot) is read; 'indexing': the sources' posts are read and indexed. */
export type BuildPhase = 'loading' | 'indexing';
export type BuildProgress = (phase: BuildPhase, done: number, total: number) => void;

/** Everything a build needs, as plain data: it is posted to a worker thread as it is. */
export interface BuildInput {
  /** The sources' specs, in order (ContentSource.spec): the build makes the sources again from them (createSources). */
  sources: string[];
  /** How the sources read: SITE_URL and PERMALINK, fetch limits. */
  sourceOptions?: SourceOptions;
  /** The change key of each source's last good read, by source id: a source unchanged since is not read again. */
  since?: Record<string, ChangeKey>;
  /** Change keys the caller has just taken (a folder's scan), by source id: not taken again (see ReadOptions.key). */
  keys?: Record<string, ChangeKey>;
  /** The catalog being served: last good versions are kept from it. */
  previous?: SharedArrayBuffer;
  /** The previous catalog's text: in memory, or in its snapshot file (see Catalog.textFile). */
  previousText?: Uint8Array | TextFile;
  /** Where to write the snapshot once built (a worker writes it after handing the buffer back). */
  snapshotFile?: string;
  /**
   * The code key the snapshot is written under (see codeKey): the caller's, so that a worker started after the code
   * changed on disk writes a snapshot its caller still recognises as this build's. Default: this thread's.
   */
  codeKey?: string;
}

export interface BuildReport {
  added: string[];
  changed: string[];
  removed: string[];
  /** Files or items that failed; `kept` says whether their last good version is still served. */
  problems: Array<SourcedProblem & { kept: boolean }>;
  drafts: Problem[];
  postCount: number;
  /** How reading each source went: read, unchanged, or failed with the reason (its last good posts then kept). */
  sources: SourceOutcome[];
}

export interface Built {
  /** The catalog without its text (see encodeCatalog). */
  buffer: SharedArrayBuffer;
  /** The posts' text, in shared memory beside it. */
  text: Uint8Array;
  report: BuildReport;
  /** Where the snapshot should be written (undefined: it should not, see BuildInput.snapshotFile). */
  snapshotFile: string | undefined;
}

/**
 * Reads the sources (through readSources: one place settles slugs between them) and builds the catalog. Throws a
 * SourceError when every source failed (a ContentFolderError when one of them is a folder): there is nothing new to
 * serve, and the caller keeps what it has.
 */
export async function buildCatalog(input: BuildInput, onProgress?: BuildProgress): Promise<Built> {
  const made = createSources(input.sources, input.sourceOptions);
  if (!made.ok) throw new SourceError(made.error);
  const previousText =
    input.previousText instanceof Uint8Array
      ? { text: input.previousText }
      : input.previousText && { textFile: input.previousText };
  const previous = input.previous ? await decodeCatalog(input.previous, previousText) : undefined;
  const previousDocs = new Map<string, number[]>();
  previous?.posts.forEach((post, doc) => {
    const docs = previousDocs.get(post.source);
    if (docs) docs.push(doc);
    else previousDocs.set(post.source, [doc]);
  });

  // Each post is indexed as soon as it is read, in source order, and its Markdown let go.
  const sizeHint = Object.values(input.keys ?? {}).reduce((sum, key) => sum + (key.bytes ?? 0), 0);
  const writer = new CatalogWriter(sizeHint);
  const kept = new Set<string>();
  // A key taken while files were being written may miss an edit made in the same clock tick: such a source is read.
  const since = Object.fromEntries(Object.entries(input.since ?? {}).filter(([, key]) => !key.racy));
  const read = await readSources(made.sources, {
    since,
    ...(input.keys && { keys: input.keys }),
    onPost: (post) => writer.add(toCatalogPost(post), toParagraphs(post.body)),
    onProgress: onProgress && ((_source, done, total) => onProgress('indexing', done, total)),
    lastGood: (outcome, failed) =>
      (previousDocs.get(outcome.source) ?? [])
        .filter((doc) => outcome.status !== 'read' || failed.has(previous!.posts[doc]!.id))
        .map((doc) => ({ doc, slug: previous!.posts[doc]!.slug, file: previous!.posts[doc]!.file })),
    onKept: ({ doc }) => {
      const post = previous!.posts[doc]!;
      writer.add(post, postParagraphs(previous!, doc));
      kept.add(postKey(post));
    },
  });
  const failures = read.outcomes.filter((outcome) => outcome.status === 'failed');
  if (read.outcomes.length > 0 && failures.length === read.outcomes.length) {
    const reasons = failures.map((outcome) => outcome.reason).join(' ');
    throw failures.some((outcome) => outcome.cause === 'folder')
      ? new ContentFolderError(reasons)
      : new SourceError(reasons);
  }

  // A source that failed keeps the key of its last good read: its kept posts are what that key describes.
  const keys: Record<string, ChangeKey> = {};
  for (const outcome of read.outcomes) {
    const key = outcome.key ?? input.since?.[outcome.source];
    if (key) keys[outcome.source] = key;
  }
  const problems = read.problems.map((problem) => ({
    ...problem,
    kept: problem.id !== undefined && kept.has(postKey({ source: problem.source, id: problem.id })),
  }));
  const parts = writer.finish();
  const buffer = encodeCatalog({
    ...parts,
    sources: input.sources,
    codeKey: input.codeKey ?? codeKey(),
    keys,
    problems: problems.map(({ kept: _kept, ...problem }) => problem),
    drafts: read.drafts,
    outcomes: read.outcomes,
  });
  // A key taken while files were being written may miss an edit: a snapshot saved under it could be served stale.
  const racy = Object.values(keys).some((key) => key.racy);
  return {
    buffer,
    text: parts.text,
    report: report(previous, parts.posts, problems, read.drafts, read.outcomes),
    snapshotFile: racy ? undefined : input.snapshotFile,
  };
}

/** Where a post's last good version is kept: its source and its id there (never its file or slug). */
export function postKey(post: { source: string; id: string }): string {
  return `${post.source}\n${post.id}`;
}

function toCatalogPost(post: SourcePost): CatalogPost {
  return {
    source: post.source,
    id: post.id,
    slug: post.slug,
    title: post.title,
    date: post.date,
    url: post.url,
    ...(post.summary ? { summary: post.summary } : {}),
    file: post.file,
    fingerprint: post.fingerprint,
    hash: `${zlib.crc32(post.body).toString(36)}.${post.body.length}`,
  };
}

function report(
  previous: Catalog | undefined,
  posts: CatalogPost[],
  problems: BuildReport['problems'],
  drafts: Problem[],
  sources: SourceOutcome[],
): BuildReport {
  const before = new Map(previous?.posts.map((post) => [postKey(post), post]));
  const after = new Set(posts.map(postKey));
  const isChanged = (old: CatalogPost | undefined, post: CatalogPost) =>
    old !== undefined &&
    (old.hash !== post.hash ||
      old.title !== post.title ||
      old.date !== post.date ||
      old.url !== post.url ||
      old.slug !== post.slug);
  return {
    added: posts.filter((post) => !before.has(postKey(post))).map((post) => post.slug),
    changed: posts.filter((post) => isChanged(before.get(postKey(post)), post)).map((post) => post.slug),
    removed: (previous?.posts ?? []).filter((post) => !after.has(postKey(post))).map((post) => post.slug),
    problems,
    drafts,
    postCount: posts.length,
    sources,
  };
}

/** Lays posts' plain text out as UTF-8 with their paragraph layout, and indexes it as it goes. */
class CatalogWriter {
  private text: Uint8Array;
  private used = 0;
  private readonly textOffsets: number[] = [0];
  private readonly paragraphOffsets: number[] = [0];
  private readonly paragraphStarts: number[] = [];
  private readonly paragraphBytes: number[] = [];
  private readonly textLengths: number[] = [];
  private readonly paragraphHeadings: number[] = [];
  private readonly headings: string[] = [''];
  private readonly headingIds = new Map<string, number>([['', 0]]);
  private readonly posts: CatalogPost[] = [];
  private readonly index = new TermIndexBuilder();
  private readonly encoder = new TextEncoder();

  constructor(sizeHint: number) {
    this.text = sharedBytes(Math.max(1024, sizeHint));
  }

  add(post: CatalogPost, paragraphs: readonly Paragraph[]): void {
    const ranges: number[] = [];
    const postStart = this.used;
    let at = 0; // UTF-16 offset in the post's text (paragraphs joined by blank lines)
    paragraphs.forEach((paragraph, i) => {
      if (i > 0) {
        this.room(2);
        this.text[this.used++] = 10;
        this.text[this.used++] = 10;
        at += 2;
      }
      this.paragraphStarts.push(at);
      this.paragraphBytes.push(this.used - postStart);
      let heading = this.headingIds.get(paragraph.heading);
      if (heading === undefined) {
        heading = this.headings.length;
        this.headings.push(paragraph.heading);
        this.headingIds.set(paragraph.heading, heading);
      }
      this.paragraphHeadings.push(heading);
      this.room(paragraph.text.length * 3);
      const start = this.used;
      this.used += this.encoder.encodeInto(paragraph.text, this.text.subarray(this.used)).written;
      ranges.push(start, this.used);
      at += paragraph.text.length;
    });
    this.textOffsets.push(this.used);
    this.textLengths.push(at);
    this.paragraphOffsets.push(this.paragraphStarts.length);
    this.index.addPost(post.title, this.text, ranges);
    this.posts.push(post);
  }

  finish() {
    return {
      posts: this.posts,
      headings: this.headings,
      text: this.text.subarray(0, this.used),
      textOffsets: Uint32Array.from(this.textOffsets),
      paragraphOffsets: Uint32Array.from(this.paragraphOffsets),
      paragraphStarts: Uint32Array.from(this.paragraphStarts),
      paragraphBytes: Uint32Array.from(this.paragraphBytes),
      textLengths: Uint32Array.from(this.textLengths),
      paragraphHeadings: Uint32Array.from(this.paragraphHeadings),
      index: this.index.finish(),
    };
  }

  private room(bytes: number): void {
    if (this.used + bytes <= this.text.length) return;
    const bigger = sharedBytes(Math.max(this.used + bytes, Math.ceil(this.text.length * 1.5)));
    bigger.set(this.text.subarray(0, this.used));
    this.text = bigger;
  }
}

/** The text is written where it will be served from: shared memory, handed to the main thread without a copy. */
function sharedBytes(length: number): Uint8Array {
  return new Uint8Array(new SharedArrayBuffer(length));
}
