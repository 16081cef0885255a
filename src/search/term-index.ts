// A compact inverted index over whole posts (term → posts with counts, BM25), plus paragraph-level document
// frequencies that weigh how telling each term is (with general English's, english.ts), and for each (term, post) the
// paragraphs that hold the term,
// so a search can look only at the parts of a post that can match. Typed arrays keep it small, and it is built
// from UTF-8 bytes in one pass (words as words.ts defines them): each distinct word is stemmed once, later occurrences
// are found by hashing bytes.
import { editDistance } from '../text/edit-distance.js';
import { AcronymCollector } from './acronym-learning.js';
import { Acronyms, BUILT_IN_ACRONYMS } from './acronyms.js';
import { forEachTerm, termOf } from './analyze.js';
import { englishCounts, englishPassageShare } from './english.js';
import { RANKING, type RankingConfig } from './ranking.js';
import type { AcronymList } from './types.js';
import { ASCII_WORD, codePointAt, isWordCodePoint, utf8Width } from './words.js';

export interface IndexSource {
  title: string;
  paragraphs: readonly string[];
}

/** The raw arrays, as written to and read from a snapshot (and sent between threads). */
export interface TermIndexData {
  terms: string[];
  /** Per term, where its postings start (length: terms + 1). */
  offsets: Uint32Array;
  /** Post numbers, ascending within each term. */
  postings: Uint32Array;
  /** How often the term occurs in that post (title occurrences count RankingConfig.titleWeight). */
  freqs: Uint16Array;
  /** Which paragraph buckets of that post hold the term (see paragraphBucket); 0 when only the title does. */
  masks: Uint32Array;
  paragraphDf: Uint32Array;
  paragraphCount: number;
  docLengths: Uint32Array;
  /** The acronyms the posts spell out beside their long forms ("Tensor Processing Unit (TPU)"); none when absent. */
  acronyms?: AcronymList;
}

/**
 * A post's paragraphs fall into at most this many buckets (one bit each in a 32-bit mask; bit 31 makes a mask read
 * as an int32 negative, so a mask is compared with 0, never ordered). Finer buckets bound a long post's windows more
 * tightly (a window is about a paragraph long), so less of a long post is read.
 */
export const PARAGRAPH_BUCKETS = 32;

/**
 * The bucket of paragraph `paragraph` in a post of `paragraphs` paragraphs: itself up to 32, else a run of neighbours.
 */
export function paragraphBucket(paragraph: number, paragraphs: number): number {
  return paragraphs <= PARAGRAPH_BUCKETS ? paragraph : Math.floor((paragraph * PARAGRAPH_BUCKETS) / paragraphs);
}

export type LookupTerm = { termId: number; boost: number };

export class TermIndex {
  readonly docCount: number;
  private readonly termIds: Map<string, number>;
  private readonly averageLength: number;
  private readonly scratch: Float64Array;
  private fuzzy: { lengths: Uint8Array; letters: Uint32Array; starts: Set<string> } | undefined;
  private acronymTable: Acronyms | undefined;
  /** The posts topPosts has scored so far, scratch as `scratch` is. */
  private readonly touched: Int32Array;
  private meanParagraphTerms: number | undefined;
  /** Where topPosts keeps the best posts: one heap for the index's life (see TopHeap), made ready for the usual count. */
  private readonly best = new TopHeap(RANKING.candidates);

  /** `termIds` may be given when it is already built (a snapshot decoded in slices); else it is built here. */
  constructor(
    readonly data: TermIndexData,
    termIds?: Map<string, number>,
  ) {
    if (termIds) this.termIds = termIds;
    else {
      this.termIds = new Map();
      data.terms.forEach((term, id) => this.termIds.set(term, id));
    }
    this.docCount = data.docLengths.length;
    let total = 0;
    for (const length of data.docLengths) total += length;
    this.averageLength = this.docCount ? total / this.docCount : 1;
    this.scratch = new Float64Array(this.docCount);
    // Made here, not at the first question: code compiled while serving one index then serves the next one (a reload's)
    // without meeting a branch it never took.
    this.touched = new Int32Array(this.docCount);
  }

  /** The acronyms questions are read with: the built-in list, then the pairs the posts spell out. */
  get acronyms(): Acronyms {
    this.acronymTable ??= new Acronyms(BUILT_IN_ACRONYMS, this.data.acronyms ?? {});
    return this.acronymTable;
  }

  termId(term: string): number | undefined {
    return this.termIds.get(term);
  }

  /** How many posts contain the term. */
  postFrequency(termId: number): number {
    return this.data.offsets[termId + 1]! - this.data.offsets[termId]!;
  }

  /**
   * How telling a term is, from how few paragraphs hold it: an IDF over the blog's paragraphs counted with
   * `backgroundParagraphs` paragraphs of general English (RankingConfig.backgroundParagraphs), each holding the term
   * as often as English paragraphs of this blog's length do. Without them a term the blog never uses is the most
   * telling of all, whatever it is.
   */
  weight(term: string, backgroundParagraphs = 0): number {
    const id = this.termIds.get(term);
    let df = id === undefined ? 0 : this.data.paragraphDf[id]!;
    let n = this.data.paragraphCount;
    if (backgroundParagraphs > 0) {
      df += backgroundParagraphs * englishPassageShare(term, this.paragraphTerms);
      n += backgroundParagraphs;
    }
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** The mean number of terms in a paragraph of this blog (at least 1): the size of the background's paragraphs. */
  private get paragraphTerms(): number {
    if (this.meanParagraphTerms === undefined) {
      let total = 0;
      for (const length of this.data.docLengths) total += length;
      this.meanParagraphTerms = Math.max(1, total / Math.max(1, this.data.paragraphCount));
    }
    return this.meanParagraphTerms;
  }

  /**
   * Known terms within `maxDistance` edits (Levenshtein) of a term, other than the term itself (typos), in code-unit
   * order. Terms whose length or letters are too different are ruled out by two array reads before any edit distance.
   */
  similarTerms(term: string, maxDistance: number): string[] {
    const { terms } = this.data;
    this.fuzzy ??= fuzzyTables(terms);
    const { lengths, letters } = this.fuzzy;
    const want = letterMask(term);
    const length = Math.min(term.length, 255);
    const found: string[] = [];
    for (let id = 0; id < terms.length; id++) {
      if (Math.abs(lengths[id]! - length) > maxDistance) continue;
      // One edit adds or removes at most one letter (bucket) each way: the masks differ in at most 2 bits per edit.
      if (popcount(letters[id]! ^ want) > 2 * maxDistance) continue;
      const candidate = terms[id]!;
      if (candidate !== term && editDistance(term, candidate, maxDistance) <= maxDistance) found.push(candidate);
    }
    return found.sort();
  }

  /**
   * Whether a word could stem to one of the index's terms of TERM_START + 1 letters or more: one starts as it does (Porter
   * only ever rewrites a word's ending; the few irregular forms, "taught" for "teach", are passed over). A cheap test
   * before stemming a guess at a typo.
   */
  mayBeStemmedToATerm(word: string): boolean {
    this.fuzzy ??= fuzzyTables(this.data.terms);
    return word.length > TERM_START && this.fuzzy.starts.has(word.slice(0, TERM_START));
  }

  /** Builds the tables typo lookups use (a few milliseconds at 10k posts), so no question has to wait for them. */
  prepareTypoLookup(): void {
    this.fuzzy ??= fuzzyTables(this.data.terms);
  }

  /** Reads the background English counts (a few tens of milliseconds, once a process), so no question has to wait. */
  prepareWeights(): void {
    englishCounts();
  }

  /** BM25 over whole posts for weighted terms; returns the best posts, best first (ties: lower post number first). */
  topPosts(
    query: ReadonlyArray<LookupTerm>,
    limit: number,
    ranking: RankingConfig = RANKING,
  ): Array<{ doc: number; score: number }> {
    const { bm25K1: k1, bm25B: b } = ranking;
    const skipCommon = this.docCount > ranking.commonTermMinPosts;
    const common = this.docCount * ranking.commonTermShare;
    const { offsets, postings, freqs, docLengths } = this.data;
    const scores = this.scratch;
    const touched = this.touched;
    let touchedCount = 0;
    const n = this.docCount;
    const averageLength = this.averageLength;
    for (const { termId, boost } of query) {
      const start = offsets[termId]!;
      const end = offsets[termId + 1]!;
      const df = end - start;
      // In a big blog a term in most posts tells nothing and costs the most: skip it.
      if (skipCommon && df > common) continue;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5)) * boost;
      for (let i = start; i < end; i++) {
        const doc = postings[i]!;
        const tf = freqs[i]!;
        const norm = k1 * (1 - b + (b * docLengths[doc]!) / averageLength);
        if (scores[doc] === 0) touched[touchedCount++] = doc;
        scores[doc]! += (idf * tf * (k1 + 1)) / (tf + norm);
      }
    }
    // The best `limit` in a small heap whose root is the worst of them: no object per post.
    const heap = this.best;
    heap.reset(limit);
    for (let i = 0; i < touchedCount; i++) {
      const doc = touched[i]!;
      heap.offer(doc, scores[doc]!);
      scores[doc] = 0;
    }
    return heap.sorted();
  }

  /** The paragraph buckets (bits, see paragraphBucket) of a post that hold any of the terms in its body. */
  paragraphMask(doc: number, termIds: Iterable<number>): number {
    const { offsets, postings, masks } = this.data;
    let mask = 0;
    for (const termId of termIds) {
      let low = offsets[termId]!;
      let high = offsets[termId + 1]!;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (postings[middle]! < doc) low = middle + 1;
        else high = middle;
      }
      if (low < offsets[termId + 1]! && postings[low] === doc) mask |= masks[low]!;
    }
    return mask >>> 0;
  }
}

/**
 * Keeps the `limit` best (score, doc) pairs seen: higher score first, then lower doc. One is reused for every question:
 * with one per question, its hidden class (V8's map) lived only while a question ran, a full collection between two
 * questions freed it, and the code compiled for it was thrown away.
 */
class TopHeap {
  private docs: Int32Array;
  private scores: Float64Array;
  private limit = 0;
  private size = 0;

  /** Room for `capacity` pairs; more is made when a reset asks for more. */
  constructor(capacity: number) {
    this.docs = new Int32Array(capacity);
    this.scores = new Float64Array(capacity);
  }

  /** Empties the heap, to keep the best `limit` pairs. */
  reset(limit: number): void {
    this.limit = Math.max(0, limit);
    this.size = 0;
    if (this.docs.length < this.limit) {
      this.docs = new Int32Array(this.limit);
      this.scores = new Float64Array(this.limit);
    }
  }

  offer(doc: number, score: number): void {
    if (this.limit <= 0) return;
    if (this.size < this.limit) {
      let i = this.size++;
      // Sift up: the root stays the worst.
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.worse(doc, score, this.docs[parent]!, this.scores[parent]!)) break;
        this.docs[i] = this.docs[parent]!;
        this.scores[i] = this.scores[parent]!;
        i = parent;
      }
      this.docs[i] = doc;
      this.scores[i] = score;
      return;
    }
    if (!this.worse(this.docs[0]!, this.scores[0]!, doc, score)) return;
    // Replace the root and sift down.
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= this.size) break;
      const right = left + 1;
      let child = left;
      if (right < this.size && this.worse(this.docs[right]!, this.scores[right]!, this.docs[left]!, this.scores[left]!))
        child = right;
      if (!this.worse(this.docs[child]!, this.scores[child]!, doc, score)) break;
      this.docs[i] = this.docs[child]!;
      this.scores[i] = this.scores[child]!;
      i = child;
    }
    this.docs[i] = doc;
    this.scores[i] = score;
  }

  sorted(): Array<{ doc: number; score: number }> {
    const results: Array<{ doc: number; score: number }> = [];
    for (let i = 0; i < this.size; i++) results.push({ doc: this.docs[i]!, score: this.scores[i]! });
    return results.sort((a, b) => b.score - a.score || a.doc - b.doc);
  }

  /** Whether (docA, scoreA) ranks below (docB, scoreB). */
  private worse(docA: number, scoreA: number, docB: number, scoreB: number): boolean {
    return scoreA < scoreB || (scoreA === scoreB && docA > docB);
  }
}

/** How many first letters mayBeStemmedToATerm compares. */
const TERM_START = 4;

function fuzzyTables(terms: readonly string[]) {
  const lengths = new Uint8Array(terms.length);
  const letters = new Uint32Array(terms.length);
  const starts = new Set<string>();
  terms.forEach((term, id) => {
    lengths[id] = Math.min(term.length, 255);
    letters[id] = letterMask(term);
    if (term.length > TERM_START) starts.add(term.slice(0, TERM_START));
  });
  return { lengths, letters, starts };
}

function letterMask(term: string): number {
  let mask = 0;
  for (let i = 0; i < term.length; i++) mask |= 1 << (term.charCodeAt(i) & 31);
  return mask;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) as number;
}

// ---------------------------------------------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------------------------------------------

const FNV_OFFSET = -2128831035;
const FNV_PRIME = 16777619;
const utf8 = new TextDecoder();
const encoder = new TextEncoder();

/**
 * Adds posts one by one (title + paragraphs as UTF-8 byte ranges), then `finish()` sorts the (term, post) pairs into
 * postings. Gives exactly the terms `forEachTerm` gives, in the same order, so term numbers are stable.
 */
export class TermIndexBuilder {
  /** A title word counts as this many body words (see RankingConfig.titleWeight). */
  constructor(private readonly titleWeight: number = RANKING.titleWeight) {}

  private readonly termIds = new Map<string, number>();
  private readonly terms: string[] = [];
  // Per term (grown together).
  private paragraphDf = new Uint32Array(1024);
  private lastParagraph = new Int32Array(1024).fill(-1);
  private counts = new Uint32Array(1024);
  private seenInDoc = new Int32Array(1024).fill(-1);
  private docMask = new Uint32Array(1024);
  // Distinct words seen: open addressing, 4 ints a slot (hash, offset of the word's bytes in `pool`, length, term or
  // -1).
  private table = new Int32Array(4 * 4096).fill(-1);
  private tableUsed = 0;
  private pool = new Uint8Array(1 << 16);
  private poolUsed = 0;
  // (term, frequency, buckets) pairs, post after post; docPairEnd[d] is where post d's pairs end.
  private pairTerm = new Uint32Array(1 << 16);
  private pairFreq = new Uint16Array(1 << 16);
  private pairMask = new Uint32Array(1 << 16);
  private pairs = 0;
  private readonly docPairEnd: number[] = [];
  private readonly docLengths: number[] = [];
  private paragraphCount = 0;
  private doc = 0;
  private touched: number[] = [];
  private length = 0;
  private readonly learned = new AcronymCollector();

  get postCount(): number {
    return this.doc;
  }

  /** One post: its title and its paragraphs, given as [start, end) byte ranges of `bytes` (UTF-8). */
  addPost(title: string, bytes: Uint8Array, ranges: ArrayLike<number>): void {
    this.touched = [];
    this.length = 0;
    forEachTerm(title, (term) => this.count(this.idOf(term), this.titleWeight, 0));
    if (title.includes('(')) this.learned.add(title);
    const paragraphs = ranges.length / 2;
    for (let p = 0; p < paragraphs; p++) {
      this.scanParagraph(
        bytes,
        ranges[2 * p]!,
        ranges[2 * p + 1]!,
        1 << paragraphBucket(p, paragraphs),
        this.paragraphCount++,
      );
    }
    const touched = this.touched;
    if (this.pairs + touched.length > this.pairTerm.length) {
      const size = Math.max(this.pairTerm.length * 2, this.pairs + touched.length);
      this.pairTerm = grow(this.pairTerm, size);
      this.pairFreq = grow(this.pairFreq, size);
      this.pairMask = grow(this.pairMask, size);
    }
    for (const id of touched) {
      this.pairTerm[this.pairs] = id;
      this.pairFreq[this.pairs] = Math.min(this.counts[id]!, 65535);
      this.pairMask[this.pairs] = this.docMask[id]!;
      this.pairs++;
    }
    this.docPairEnd.push(this.pairs);
    this.docLengths.push(this.length);
    this.doc++;
  }

  /** Adds a post given as strings (encodes its paragraphs). */
  addText(title: string, paragraphs: readonly string[]): void {
    let size = 0;
    for (const paragraph of paragraphs) size += paragraph.length * 3;
    const bytes = new Uint8Array(size);
    const ranges: number[] = [];
    let at = 0;
    for (const paragraph of paragraphs) {
      const start = at;
      at += encoder.encodeInto(paragraph, bytes.subarray(at)).written;
      ranges.push(start, at);
    }
    this.addPost(title, bytes, ranges);
  }

  finish(): TermIndexData {
    const termCount = this.terms.length;
    const { pairTerm, pairFreq, pairMask, pairs, docPairEnd } = this;
    // Counting sort of (term, post) pairs by term: posts stay in order within each term.
    const offsets = new Uint32Array(termCount + 1);
    for (let i = 0; i < pairs; i++) offsets[pairTerm[i]! + 1]!++;
    for (let t = 0; t < termCount; t++) offsets[t + 1]! += offsets[t]!;
    const cursor = offsets.slice(0, termCount);
    const postings = new Uint32Array(pairs);
    const freqs = new Uint16Array(pairs);
    const masks = new Uint32Array(pairs);
    let i = 0;
    for (let doc = 0; doc < docPairEnd.length; doc++) {
      for (const end = docPairEnd[doc]!; i < end; i++) {
        const at = cursor[pairTerm[i]!]!++;
        postings[at] = doc;
        freqs[at] = pairFreq[i]!;
        masks[at] = pairMask[i]!;
      }
    }
    // A builder is used once: what only building needed goes before the catalog is laid out (at 100k posts the pairs
    // alone take hundreds of MB).
    this.pairTerm = new Uint32Array(0);
    this.pairFreq = new Uint16Array(0);
    this.pairMask = new Uint32Array(0);
    this.table = new Int32Array(0);
    this.pool = new Uint8Array(0);
    this.termIds.clear();
    return {
      terms: this.terms,
      offsets,
      postings,
      freqs,
      masks,
      paragraphDf: this.paragraphDf.slice(0, termCount),
      paragraphCount: this.paragraphCount,
      docLengths: Uint32Array.from(this.docLengths),
      acronyms: this.learned.finish(),
    };
  }

  private idOf(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.termIds.set(term, id);
      this.terms.push(term);
      if (id >= this.counts.length) {
        const size = this.counts.length * 2;
        this.paragraphDf = grow(this.paragraphDf, size);
        this.lastParagraph = grow(this.lastParagraph, size, -1);
        this.counts = grow(this.counts, size);
        this.seenInDoc = grow(this.seenInDoc, size, -1);
        this.docMask = grow(this.docMask, size);
      }
    }
    return id;
  }

  private count(id: number, amount: number, bucket: number): void {
    if (this.seenInDoc[id] !== this.doc) {
      this.seenInDoc[id] = this.doc;
      this.counts[id] = 0;
      this.docMask[id] = 0;
      this.touched.push(id);
    }
    this.counts[id]! += amount;
    this.docMask[id]! |= bucket;
    this.length += amount;
  }

  private scanParagraph(bytes: Uint8Array, from: number, to: number, bucket: number, paragraphId: number): void {
    // A local: the table is read for every byte.
    const asciiWord = ASCII_WORD;
    // The first "(": a paragraph may spell out an acronym beside its long form.
    let paren = -1;
    let i = from;
    while (i < to) {
      let b = bytes[i]!;
      let width = 1;
      if (b < 128) {
        if (asciiWord[b] === 0) {
          if (b === 0x28 && paren < 0) paren = i;
          i++;
          continue;
        }
      } else {
        const cp = codePointAt(bytes, i, b);
        width = utf8Width(b);
        if (!isWordCodePoint(cp)) {
          i += width;
          continue;
        }
      }
      const start = i;
      let hash = FNV_OFFSET;
      for (;;) {
        for (let k = 0; k < width; k++) hash = Math.imul(hash ^ bytes[i + k]!, FNV_PRIME);
        i += width;
        if (i >= to) break;
        b = bytes[i]!;
        if (b < 128) {
          if (asciiWord[b] === 0) break;
          width = 1;
        } else {
          width = utf8Width(b);
          if (!isWordCodePoint(codePointAt(bytes, i, b))) break;
        }
      }
      const id = this.wordTerm(bytes, start, i, hash);
      if (id < 0) continue;
      this.count(id, 1, bucket);
      if (this.lastParagraph[id] !== paragraphId) {
        this.lastParagraph[id] = paragraphId;
        this.paragraphDf[id]!++;
      }
    }
    if (paren >= 0) this.learnAcronyms(bytes, from, to, paren);
  }

  /**
   * Reads the acronyms a paragraph spells out (see acronym-learning.ts). It is decoded only when one of its "(" has
   * a capital letter beside it, "(TPU" or "TPU (" (or "TPUs ("): most parentheses hold no acronym.
   */
  private learnAcronyms(bytes: Uint8Array, from: number, to: number, paren: number): void {
    const isCapital = (at: number) => at >= from && at < to && bytes[at]! >= 0x41 && bytes[at]! <= 0x5a;
    for (let p = paren; p < to; p++) {
      if (bytes[p] !== 0x28) continue;
      let next = p + 1;
      while (next < to && bytes[next] === 0x20) next++;
      let previous = p - 1;
      while (previous >= from && bytes[previous] === 0x20) previous--;
      if (
        isCapital(next) ||
        isCapital(previous) ||
        (previous >= from && bytes[previous] === 0x73 && isCapital(previous - 1))
      ) {
        this.learned.add(utf8.decode(bytes.subarray(from, to)));
        return;
      }
    }
  }

  /** The term number of the word bytes[start, end), or -1 for a word that is no term (stop word, single letter). */
  private wordTerm(bytes: Uint8Array, start: number, end: number, hash: number): number {
    const length = end - start;
    const table = this.table;
    const mask = table.length / 4 - 1;
    let slot = (hash ^ (hash >>> 15)) & mask;
    for (;;) {
      const at = slot * 4;
      const offset = table[at + 1]!;
      if (offset < 0) break;
      if (table[at] === hash && table[at + 2] === length) {
        const pool = this.pool;
        let k = 0;
        while (k < length && pool[offset + k] === bytes[start + k]) k++;
        if (k === length) return table[at + 3]!;
      }
      slot = (slot + 1) & mask;
    }
    // A word not seen before: stem it once.
    const term = termOf(utf8.decode(bytes.subarray(start, end)));
    const id = term ? this.idOf(term) : -1;
    if (this.poolUsed + length > this.pool.length)
      this.pool = grow(this.pool, Math.max(this.pool.length * 2, this.poolUsed + length));
    this.pool.set(bytes.subarray(start, end), this.poolUsed);
    const at = slot * 4;
    table[at] = hash;
    table[at + 1] = this.poolUsed;
    table[at + 2] = length;
    table[at + 3] = id;
    this.poolUsed += length;
    if (++this.tableUsed * 2 > table.length / 4) this.rehash();
    return id;
  }

  private rehash(): void {
    const old = this.table;
    const table = new Int32Array(old.length * 2).fill(-1);
    const mask = table.length / 4 - 1;
    for (let at = 0; at < old.length; at += 4) {
      if (old[at + 1]! < 0) continue;
      const hash = old[at]!;
      let slot = (hash ^ (hash >>> 15)) & mask;
      while (table[slot * 4 + 1]! >= 0) slot = (slot + 1) & mask;
      table.set(old.subarray(at, at + 4), slot * 4);
    }
    this.table = table;
  }
}

/** Builds the index in one pass over the posts (each given as a title and its paragraphs). */
export function buildTermIndex(sources: Iterable<IndexSource>, titleWeight: number = RANKING.titleWeight): TermIndex {
  const builder = new TermIndexBuilder(titleWeight);
  for (const source of sources) builder.addText(source.title, source.paragraphs);
  return new TermIndex(builder.finish());
}

function grow<T extends Uint32Array | Uint16Array | Int32Array | Uint8Array>(array: T, size: number, fill = 0): T {
  const bigger = new (array.constructor as new (n: number) => T)(size);
  bigger.set(array);
  if (fill !== 0) bigger.fill(fill, array.length);
  return bigger;
}
