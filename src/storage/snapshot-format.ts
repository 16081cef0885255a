// The served posts and their index as one binary block: what a restart loads instead of re-reading and re-indexing,
// and what a worker thread hands back after a reload (a SharedArrayBuffer: no copy either way).
//
// Layout: 24-byte header (magic, format, header length, CRC-32 of the rest, total length), a JSON header naming the
// sections, then the sections, each 8-byte aligned: JSON (posts in chunks, problems, the sources' change keys), the
// typed arrays
// of the paragraph layout, the index (see INDEX_ARRAYS), and last the posts' plain text as UTF-8. A snapshot loaded
// from its file leaves the text there, and a post's text is read when it is needed (catalog-text.ts); the file itself
// is written and read in snapshot-file.ts.
import { randomUUID } from 'node:crypto';
import zlib from 'node:zlib';
import type { Problem } from '../content/post.js';
import type { SourceOutcome } from '../content/sources/read-all.js';
import type { ChangeKey } from '../content/sources/source.js';
import { TermIndex, type TermIndexData } from '../search/term-index.js';

export const MAGIC = [0x42, 0x4c, 0x4f, 0x47, 0x42, 0x4f, 0x54, 0x00]; // "BLOGBOT\0"
export const FORMAT = 6;
export const PREFIX = 24;
const POSTS_PER_CHUNK = 1024;
const TERMS_PER_SLICE = 8192;
const TERM_BYTES_PER_SLICE = 256 * 1024;

/** One served post as stored: everything but its text, plus a hash of its Markdown body to tell edits apart. */
export interface CatalogPost {
  /**
   * The id of the source it was read from, and its id there: its last good version is kept under both (see SourcePost).
   */
  source: string;
  id: string;
  slug: string;
  title: string;
  date: string;
  url: string;
  summary?: string;
  file: string;
  fingerprint: string;
  /** Hash of the Markdown body (a changed body means a changed post). */
  hash: string;
}

/** What a build produces and a snapshot holds. Typed arrays may be views into one shared buffer. */
export interface CatalogParts {
  /** The sources' specs, in order (ContentSource.spec): a snapshot is only loaded for the same ones. */
  sources: string[];
  codeKey: string;
  /**
   * The change key of each source's last good read, by source id: a source whose key is still the same is unchanged.
   */
  keys: Record<string, ChangeKey>;
  posts: CatalogPost[];
  problems: Problem[];
  drafts: Problem[];
  /** How reading each source went when the catalog was built. */
  outcomes: SourceOutcome[];
  /** Distinct headings; paragraphHeadings point into it. */
  headings: string[];
  /**
   * All posts' plain text, UTF-8, one after the other; post d is text[textOffsets[d], textOffsets[d + 1]). In shared
   * memory when built by a worker.
   */
  text: Uint8Array;
  textOffsets: Uint32Array;
  /**
   * Post d's paragraphs are paragraphStarts[paragraphOffsets[d], paragraphOffsets[d + 1]) (UTF-16 offsets in its text).
   */
  paragraphOffsets: Uint32Array;
  paragraphStarts: Uint32Array;
  /** Where each paragraph starts in its post's UTF-8 text, in bytes: a paragraph can be decoded without the rest. */
  paragraphBytes: Uint32Array;
  /** Post d's text is textLengths[d] UTF-16 units long. */
  textLengths: Uint32Array;
  paragraphHeadings: Uint32Array;
  index: TermIndexData;
}

export interface Catalog extends Omit<CatalogParts, 'index'> {
  /** The block everything but the text is read from (the snapshot file's bytes up to where the text starts). */
  buffer: SharedArrayBuffer;
  /** Set when the text is read from the snapshot file; `text` is then empty. */
  textFile?: TextFile;
  /** Unique per build. */
  generation: string;
  index: TermIndex;
}

export interface Header {
  codeKey: string;
  sources: string[];
  generation: string;
  docCount: number;
  termCount: number;
  postChunks: number;
  sections: Record<string, [offset: number, length: number]>;
}

/** The typed arrays of the posts' text layout, each a section of its own (the text itself is written apart). */
const TEXT_ARRAYS = {
  textOffsets: Uint32Array,
  paragraphOffsets: Uint32Array,
  paragraphStarts: Uint32Array,
  paragraphBytes: Uint32Array,
  textLengths: Uint32Array,
  paragraphHeadings: Uint32Array,
} as const;

// The index (TermIndexData) is stored in three kinds of section: its vocabulary (`terms`, decoded a slice at a time),
// each typed array listed in INDEX_ARRAYS in a section `index.<name>`, and every other field together as JSON in the
// section `index`. A new typed array in TermIndexData is one line in INDEX_ARRAYS; a new plain field (numbers,
// strings, arrays and objects of them) needs no change here. The round trip is tested in test/storage.
const INDEX_ARRAYS = {
  offsets: Uint32Array,
  postings: Uint32Array,
  freqs: Uint16Array,
  masks: Uint32Array,
  paragraphDf: Uint32Array,
  docLengths: Uint32Array,
} as const;
type IndexArrays = Pick<TermIndexData, keyof typeof INDEX_ARRAYS>;
type IndexValues = Omit<TermIndexData, 'terms' | keyof IndexArrays>;

type TypedArrayType = {
  readonly BYTES_PER_ELEMENT: number;
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): ArrayBufferView;
};

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Lays the parts out in the snapshot format, as one SharedArrayBuffer holding everything but the text: the text is the
 * last section, written after the block as it is (see writeSnapshot), so a big blog's text is never copied. The
 * checksum covers both.
 */
export function encodeCatalog(parts: CatalogParts, generation: string = randomUUID()): SharedArrayBuffer {
  const blobs: Array<[string, Uint8Array]> = [];
  const json = (name: string, value: unknown) => blobs.push([name, encoder.encode(JSON.stringify(value))]);
  json('keys', parts.keys);
  json('meta', { problems: parts.problems, drafts: parts.drafts, outcomes: parts.outcomes, headings: parts.headings });
  let postChunks = 0;
  for (let start = 0; start < parts.posts.length; start += POSTS_PER_CHUNK, postChunks++) {
    json(`posts.${postChunks}`, parts.posts.slice(start, start + POSTS_PER_CHUNK).map(postRow));
  }
  const typed = (name: string, view: ArrayBufferView) =>
    blobs.push([name, new Uint8Array(view.buffer, view.byteOffset, view.byteLength)]);
  for (const name of keys(TEXT_ARRAYS)) typed(name, parts[name]);
  const { terms, ...indexRest } = parts.index;
  blobs.push(['terms', encoder.encode(terms.join('\n'))]);
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(indexRest) as Array<[string, unknown]>) {
    if (name in INDEX_ARRAYS) typed(`index.${name}`, value as ArrayBufferView);
    else if (ArrayBuffer.isView(value) || value instanceof Map || value instanceof Set)
      throw new Error(`TermIndexData.${name}: list it in INDEX_ARRAYS, or make it plain data`);
    else values[name] = value;
  }
  json('index', values);
  // The text goes last: a snapshot is loaded without it (see readSnapshot), as the block up to where it starts.
  blobs.push(['text', parts.text]);
  const blockBlobs = blobs.slice(0, -1);

  // The header names where each section goes; its own length must be known first, so lay out twice.
  const header: Header = {
    codeKey: parts.codeKey,
    sources: parts.sources,
    generation,
    docCount: parts.posts.length,
    termCount: parts.index.terms.length,
    postChunks,
    sections: {},
  };
  let headerBytes = encoder.encode(JSON.stringify(header));
  for (let room = headerBytes.length; ; room = headerBytes.length) {
    let at = align(PREFIX + room);
    for (const [name, bytes] of blobs) {
      header.sections[name] = [at, bytes.length];
      at = align(at + bytes.length);
    }
    headerBytes = encoder.encode(JSON.stringify(header));
    // Offsets only grow with the room given, so this settles in a few rounds; a shorter header is padded.
    if (headerBytes.length <= room) {
      headerBytes = encoder.encode(JSON.stringify(header).padEnd(room, ' '));
      break;
    }
  }
  const textAt = header.sections.text![0];
  const total = textAt + parts.text.length;
  if (total > 0xffffffff) throw new Error('index too big for one snapshot (4 GB)');
  const buffer = new SharedArrayBuffer(textAt);
  const bytes = new Uint8Array(buffer);
  bytes.set(MAGIC, 0);
  const view = new DataView(buffer);
  view.setUint32(8, FORMAT, true);
  view.setUint32(12, headerBytes.length, true);
  view.setUint32(20, total, true);
  bytes.set(headerBytes, PREFIX);
  for (const [name, blob] of blockBlobs) bytes.set(blob, header.sections[name]![0]);
  view.setUint32(16, zlib.crc32(parts.text, zlib.crc32(bytes.subarray(PREFIX))), true);
  return buffer;
}

/** An open snapshot file, and where its text section starts: threads of the process share the descriptor. */
export interface TextFile {
  fd: number;
  offset: number;
}

function postRow(post: CatalogPost): unknown[] {
  return [
    post.source,
    post.id,
    post.slug,
    post.title,
    post.date,
    post.url,
    post.summary ?? null,
    post.file,
    post.fingerprint,
    post.hash,
  ];
}

function rowPost(row: unknown): CatalogPost {
  if (!Array.isArray(row) || row.length !== 10) throw new SnapshotError('bad post row');
  const [source, id, slug, title, date, url, summary, file, fingerprint, hash] = row as string[];
  return {
    source: source!,
    id: id!,
    slug: slug!,
    title: title!,
    date: date!,
    url: url!,
    ...(summary ? { summary } : {}),
    file: file!,
    fingerprint: fingerprint!,
    hash: hash!,
  };
}

function keys<T extends object>(object: T): Array<keyof T & string> {
  return Object.keys(object) as Array<keyof T & string>;
}

function align(at: number): number {
  return (at + 7) & ~7;
}

/** A snapshot that cannot be used (damaged, other format): never shown to users, it only means "rebuild". */
export class SnapshotError extends Error {}

export function readPrefix(bytes: Uint8Array): { headerLength: number; crc: number; total: number } {
  if (bytes.length < PREFIX || MAGIC.some((byte, i) => bytes[i] !== byte))
    throw new SnapshotError('not a blogbot snapshot');
  const view = new DataView(bytes.buffer, bytes.byteOffset, PREFIX);
  if (view.getUint32(8, true) !== FORMAT) throw new SnapshotError('other snapshot format');
  return { headerLength: view.getUint32(12, true), crc: view.getUint32(16, true), total: view.getUint32(20, true) };
}

export function parseHeader(bytes: Uint8Array, headerLength: number, total: number): Header {
  if (PREFIX + headerLength > total) throw new SnapshotError('header out of bounds');
  const header = JSON.parse(decoder.decode(bytes.subarray(PREFIX, PREFIX + headerLength))) as Header;
  if (typeof header !== 'object' || header === null || typeof header.sections !== 'object')
    throw new SnapshotError('bad header');
  for (const [offset, length] of Object.values(header.sections)) {
    if (
      !Number.isInteger(offset) ||
      !Number.isInteger(length) ||
      offset % 8 !== 0 ||
      offset < PREFIX ||
      offset + length > total
    ) {
      throw new SnapshotError('section out of bounds');
    }
  }
  return header;
}

/**
 * Reads a catalog out of a buffer in the snapshot format (views, no copies). With `pause`, the work is cut into
 * slices that give way to the event loop (a reload swaps in a new index while queries keep being answered).
 */
export async function decodeCatalog(
  buffer: SharedArrayBuffer,
  options: { verify?: boolean; pause?: () => Promise<void>; textFile?: TextFile; text?: Uint8Array } = {},
): Promise<Catalog> {
  const pause = options.pause ?? (async () => {});
  const bytes = new Uint8Array(buffer);
  const { headerLength, crc, total } = readPrefix(bytes);
  const header = parseHeader(bytes, headerLength, total);
  const textAt = header.sections.text;
  if (!textAt) throw new SnapshotError('missing section text');
  // The block is the file up to the text; the text is in memory beside it, or in the file (checked by readSnapshot
  // as it read the file).
  if (bytes.length !== textAt[0]) throw new SnapshotError('truncated snapshot');
  if (!options.textFile && options.text?.length !== textAt[1]) throw new SnapshotError('missing text');
  if (options.verify && options.text && zlib.crc32(options.text, zlib.crc32(bytes.subarray(PREFIX))) !== crc)
    throw new SnapshotError('checksum mismatch');
  const section = (name: string): Uint8Array => {
    const found = header.sections[name];
    if (!found) throw new SnapshotError(`missing section ${name}`);
    if (found[0] + found[1] > bytes.length) throw new SnapshotError(`section ${name} out of bounds`);
    return bytes.subarray(found[0], found[0] + found[1]);
  };
  const json = (name: string): unknown => JSON.parse(decoder.decode(section(name)));
  /** Views (no copies) of the sections `<prefix><name>` as the typed arrays listed in `arrays`. */
  const typed = <A extends Record<string, TypedArrayType>>(arrays: A, prefix = '') => {
    const views: Record<string, ArrayBufferView> = {};
    for (const [name, Type] of Object.entries(arrays)) {
      const raw = section(`${prefix}${name}`);
      if (raw.byteLength % Type.BYTES_PER_ELEMENT !== 0) throw new SnapshotError(`bad section ${prefix}${name}`);
      views[name] = new Type(buffer, raw.byteOffset, raw.byteLength / Type.BYTES_PER_ELEMENT);
    }
    return views as { [N in keyof A]: InstanceType<A[N]> };
  };

  const meta = json('meta') as {
    problems: Problem[];
    drafts: Problem[];
    outcomes: SourceOutcome[];
    headings: string[];
  };
  const posts: CatalogPost[] = [];
  for (let chunk = 0; chunk < header.postChunks; chunk++) {
    for (const row of json(`posts.${chunk}`) as unknown[]) posts.push(rowPost(row));
    await pause();
  }
  // The vocabulary is decoded a slice at a time (ending at a line break): it holds millions of bytes in a big blog.
  const termBytes = section('terms');
  const terms: string[] = [];
  for (let from = 0; from < termBytes.length; ) {
    let to = Math.min(termBytes.length, from + TERM_BYTES_PER_SLICE);
    while (to < termBytes.length && termBytes[to] !== 10) to++;
    for (const term of decoder.decode(termBytes.subarray(from, to)).split('\n')) terms.push(term);
    from = to + 1;
    await pause();
  }
  const termIds = new Map<string, number>();
  for (let id = 0; id < terms.length; id++) {
    termIds.set(terms[id]!, id);
    if (id % TERMS_PER_SLICE === TERMS_PER_SLICE - 1) await pause();
  }
  // The index starts with a field rather than a spread, and the catalog has `textFile` even when it is undefined: then
  // every decoded index, and every catalog, shares one hidden class (V8's map). Started by a spread, each decoded
  // index got a class of its own, and a catalog with a textFile was another class: the code compiled while serving a
  // fresh build was thrown away when the library swapped to the build's snapshot.
  const data: TermIndexData = {
    terms,
    ...(json('index') as IndexValues),
    ...(typed(INDEX_ARRAYS, 'index.') satisfies IndexArrays),
  };
  const catalog: Catalog = {
    buffer,
    generation: header.generation,
    sources: header.sources,
    codeKey: header.codeKey,
    keys: json('keys') as Record<string, ChangeKey>,
    posts,
    problems: meta.problems,
    drafts: meta.drafts,
    outcomes: meta.outcomes,
    headings: meta.headings,
    text: options.textFile ? new Uint8Array(0) : options.text!,
    ...typed(TEXT_ARRAYS),
    index: new TermIndex(data, termIds),
    textFile: options.textFile,
  };
  await checkShape(catalog, header, textAt[1], options.verify === true, pause);
  return catalog;
}

// A checksum catches damage; this catches a snapshot that is whole but inconsistent (a bug), before it is served.
// `deep` also checks every posting and paragraph (a few ms at 10k posts): for files, not for a worker's fresh buffer.
async function checkShape(
  catalog: Catalog,
  header: Header,
  textLength: number,
  deep: boolean,
  pause: () => Promise<void>,
): Promise<void> {
  const n = catalog.posts.length;
  const { index, textOffsets, paragraphOffsets, paragraphStarts, paragraphBytes, textLengths, paragraphHeadings } =
    catalog;
  const sizes =
    n === header.docCount &&
    index.data.terms.length === header.termCount &&
    index.docCount === n &&
    textOffsets.length === n + 1 &&
    paragraphOffsets.length === n + 1 &&
    textOffsets[n] === textLength &&
    paragraphOffsets[n] === paragraphStarts.length &&
    paragraphHeadings.length === paragraphStarts.length &&
    paragraphBytes.length === paragraphStarts.length &&
    textLengths.length === n &&
    index.data.offsets.length === index.data.terms.length + 1 &&
    index.data.offsets[index.data.terms.length] === index.data.postings.length &&
    index.data.freqs.length === index.data.postings.length &&
    index.data.masks.length === index.data.postings.length &&
    index.data.paragraphDf.length === index.data.terms.length;
  const ok =
    sizes &&
    (await ascending(textOffsets, pause)) &&
    (await ascending(paragraphOffsets, pause)) &&
    (await ascending(index.data.offsets, pause)) &&
    (!deep ||
      ((await below(index.data.postings, n, pause)) &&
        (await below(paragraphHeadings, catalog.headings.length, pause))));
  if (!ok) throw new SnapshotError('inconsistent snapshot');
}

// Checks run over arrays of millions of values at 100k posts: a slice at a time, giving way in between.
const CHECK_SLICE = 1 << 22;

async function below(values: Uint32Array, limit: number, pause: () => Promise<void>): Promise<boolean> {
  for (let from = 0; from < values.length; from += CHECK_SLICE) {
    const to = Math.min(values.length, from + CHECK_SLICE);
    for (let i = from; i < to; i++) if (values[i]! >= limit) return false;
    await pause();
  }
  return true;
}

async function ascending(values: Uint32Array, pause: () => Promise<void>): Promise<boolean> {
  for (let from = 1; from < values.length; from += CHECK_SLICE) {
    const to = Math.min(values.length, from + CHECK_SLICE);
    for (let i = from; i < to; i++) if (values[i]! < values[i - 1]!) return false;
    await pause();
  }
  return true;
}
