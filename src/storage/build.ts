// Builds the served posts' text and index from a content folder into one SharedArrayBuffer in the snapshot format,
// with the posts' text in shared memory beside it (build-worker.ts runs this in a worker thread: the buffers are
// handed back without a copy).
import path from 'node:path';
import zlib from 'node:zlib';
import { loadContent } from '../content/load.js';
import { toParagraphs, type Paragraph } from '../content/paragraphs.js';
import type { Post, Problem } from '../content/post.js';
import { TermIndexBuilder } from '../search/term-index.js';
import { postParagraphs } from './catalog-text.js';
import { codeKey } from './code-key.js';
import { scanFolder, type FolderScan } from './folder-scan.js';
import { decodeCatalog, encodeCatalog, type Catalog, type CatalogPost, type TextFile } from './snapshot-format.js';

/** 'loading': a saved index (the snapshot) is read; 'indexing': the folder's posts are read and indexed. */
export type BuildPhase = 'loading' | 'indexing';
export type BuildProgress = (phase: BuildPhase, done: number, total: number) => void;

export interface BuildInput {
  /** As the user gave it (error messages name it so). */
  contentDir: string;
  /** The folder scan taken before reading (see scanFolder); taken here when absent. */
  scan?: FolderScan;
  /** The catalog being served: a file that now fails keeps its last good version from it. */
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

/** Where the built catalog may be saved: nowhere without a file, a scan, or when the scan saw files being edited. */
export function snapshotTarget(input: BuildInput, scan: FolderScan | undefined): string | undefined {
  return input.snapshotFile && scan && !scan.racy ? input.snapshotFile : undefined;
}

export interface BuildReport {
  added: string[];
  changed: string[];
  removed: string[];
  /** Files that failed; `kept` says whether their last good version is still served. */
  problems: Array<Problem & { kept: boolean }>;
  drafts: Problem[];
  postCount: number;
}

export interface Built {
  /** The catalog without its text (see encodeCatalog). */
  buffer: SharedArrayBuffer;
  /** The posts' text, in shared memory beside it. */
  text: Uint8Array;
  report: BuildReport;
  /** Where the snapshot should be written (undefined: it should not, see snapshotTarget). */
  snapshotFile: string | undefined;
}

/** Reads the folder (through loadContent, the one place that decides what a post is) and builds the catalog. */
export async function buildCatalog(input: BuildInput, onProgress?: BuildProgress): Promise<Built> {
  const scan = input.scan ?? (await scanFolder(input.contentDir).catch(() => undefined));
  const previousText = input.previousText instanceof Uint8Array ? { text: input.previousText } : input.previousText && { textFile: input.previousText };
  const previous = input.previous ? await decodeCatalog(input.previous, previousText) : undefined;

  // Each post is indexed as soon as it is read, in file order, and its Markdown let go.
  const writer = new CatalogWriter(scan?.markdownBytes ?? 0);
  const slugs = new Set<string>();
  const loaded = await loadContent(
    input.contentDir,
    onProgress && ((done, total) => onProgress('indexing', done, total)),
    (post) => {
      writer.add(toCatalogPost(post), toParagraphs(post.body));
      slugs.add(post.slug);
    },
  );

  // A file that breaks keeps its last good version (after the others), unless a valid file took its slug meanwhile.
  const previousByFile = new Map(previous?.posts.map((post, doc) => [post.file, doc]));
  const problems = loaded.problems.map((problem) => {
    const doc = previousByFile.get(problem.file);
    const kept = doc !== undefined && !slugs.has(previous!.posts[doc]!.slug);
    if (kept) {
      writer.add(previous!.posts[doc]!, postParagraphs(previous!, doc));
      slugs.add(previous!.posts[doc]!.slug);
    }
    return { ...problem, kept };
  });
  const parts = writer.finish();
  const buffer = encodeCatalog({
    ...parts,
    contentDir: path.resolve(input.contentDir),
    codeKey: input.codeKey ?? codeKey(),
    scan: scan?.key ?? '',
    problems: problems.map(({ kept: _kept, ...problem }) => problem),
    drafts: loaded.drafts,
  });
  return { buffer, text: parts.text, report: report(previous, parts.posts, problems, loaded.drafts), snapshotFile: snapshotTarget(input, scan) };
}

function toCatalogPost(post: Post): CatalogPost {
  return {
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

function report(previous: Catalog | undefined, posts: CatalogPost[], problems: BuildReport['problems'], drafts: Problem[]): BuildReport {
  const before = new Map(previous?.posts.map((post) => [post.slug, post]));
  const after = new Set(posts.map((post) => post.slug));
  const isChanged = (old: CatalogPost | undefined, post: CatalogPost) =>
    old !== undefined && (old.hash !== post.hash || old.title !== post.title || old.date !== post.date || old.url !== post.url);
  return {
    added: posts.filter((post) => !before.has(post.slug)).map((post) => post.slug),
    changed: posts.filter((post) => isChanged(before.get(post.slug), post)).map((post) => post.slug),
    removed: (previous?.posts ?? []).filter((post) => !after.has(post.slug)).map((post) => post.slug),
    problems,
    drafts,
    postCount: posts.length,
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

