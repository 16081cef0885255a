// Reading one post's text out of a catalog by byte offsets: from the block in memory, or from the snapshot file, and
// decoding only the paragraphs asked for (a question reads a few paragraphs of a long post, not all of it).
import { readSync } from 'node:fs';
import type { TextPiece } from './post-store.js';
import { SnapshotError, type Catalog } from './snapshot-format.js';

const decoder = new TextDecoder();

// Reads from the file go through one buffer, grown as needed: reading is synchronous, so it is never shared. A plain
// Uint8Array, as text kept in memory is (see SnapshotStore.arena).
let scratch = new Uint8Array(64 * 1024);

/** A post's plain text (its paragraphs joined by blank lines). */
export function postText(catalog: Catalog, doc: number): string {
  const length = catalog.textOffsets[doc + 1]! - catalog.textOffsets[doc]!;
  // Only text read from the file needs room; text in memory is decoded where it is.
  if (catalog.textFile && scratch.length < length) scratch = new Uint8Array(Math.max(length, scratch.length * 2));
  return decoder.decode(postBytes(catalog, doc, scratch, 0));
}

/**
 * A post's text as UTF-8: a view of the block, or read from the snapshot file into `into` at `at` (which must have
 * room for it).
 */
export function postBytes(catalog: Catalog, doc: number, into: Uint8Array, at: number): Uint8Array {
  const from = catalog.textOffsets[doc]!;
  const to = catalog.textOffsets[doc + 1]!;
  if (!catalog.textFile) return catalog.text.subarray(from, to);
  const length = to - from;
  let done = 0;
  while (done < length) {
    const read = readSync(catalog.textFile.fd, into, at + done, length - done, catalog.textFile.offset + from + done);
    // The file is written once and renamed into place, never changed: a short read means it was damaged since.
    if (read === 0) throw new SnapshotError('snapshot file shorter than it was');
    done += read;
  }
  return into.subarray(at, at + length);
}

/**
 * The paragraphs of a post that overlap [from, to) (UTF-16 offsets in its text), decoded without the rest of it, and
 * where they start: a question reads a few paragraphs of a long post, not all of it. `bytes` is the post's UTF-8.
 */
export function postTextPiece(catalog: Catalog, doc: number, from: number, to: number, bytes: Uint8Array): TextPiece {
  const first = catalog.paragraphOffsets[doc]!;
  const count = catalog.paragraphOffsets[doc + 1]! - first;
  if (count === 0) return { start: 0, text: decoder.decode(bytes) };
  const starts = catalog.paragraphStarts;
  // The last paragraph starting at or before `from`, then the first starting at or after `to` past it.
  let low = 0;
  let high = count - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[first + mid]! <= from) low = mid;
    else high = mid - 1;
  }
  let end = low + 1;
  while (end < count && starts[first + end]! < to) end++;
  const bytesTo = end < count ? catalog.paragraphBytes[first + end]! : bytes.length;
  return {
    start: starts[first + low]!,
    text: decoder.decode(bytes.subarray(catalog.paragraphBytes[first + low]!, bytesTo)),
  };
}

/** A post's paragraphs with their headings, as the build was given them. */
export function postParagraphs(
  catalog: Catalog,
  doc: number,
  text = postText(catalog, doc),
): Array<{ text: string; heading: string }> {
  const from = catalog.paragraphOffsets[doc]!;
  const to = catalog.paragraphOffsets[doc + 1]!;
  const paragraphs: Array<{ text: string; heading: string }> = [];
  for (let k = from; k < to; k++) {
    const end = k + 1 < to ? catalog.paragraphStarts[k + 1]! - 2 : text.length;
    paragraphs.push({
      text: text.slice(catalog.paragraphStarts[k]!, end),
      heading: catalog.headings[catalog.paragraphHeadings[k]!] ?? '',
    });
  }
  return paragraphs;
}
