// A compact inverted index over whole posts (term → posts with counts, BM25), plus paragraph-level
// document frequencies that weigh how telling each term is. Built in one pass; typed arrays keep it small.
import SearchableMap from 'minisearch/SearchableMap';
import { forEachTerm } from './analyze.js';

export interface IndexSource {
  title: string;
  paragraphs: readonly string[];
}

/** The raw arrays, as written to and read from a snapshot. */
export interface TermIndexData {
  terms: string[];
  offsets: Uint32Array;
  postings: Uint32Array;
  freqs: Uint16Array;
  paragraphDf: Uint32Array;
  paragraphCount: number;
  docLengths: Uint32Array;
}

// A title word counts as this many body words: titles say what a post is about.
const TITLE_WEIGHT = 3;
const BM25_K1 = 1.2;
const BM25_B = 0.75;

export class TermIndex {
  readonly docCount: number;
  private readonly termIds = new Map<string, number>();
  private readonly averageLength: number;
  private vocabulary: SearchableMap<number> | undefined;
  private scratch: Float64Array;

  constructor(readonly data: TermIndexData) {
    data.terms.forEach((term, id) => this.termIds.set(term, id));
    this.docCount = data.docLengths.length;
    let total = 0;
    for (const length of data.docLengths) total += length;
    this.averageLength = this.docCount ? total / this.docCount : 1;
    this.scratch = new Float64Array(this.docCount);
  }

  termId(term: string): number | undefined {
    return this.termIds.get(term);
  }

  /** How many posts contain the term. */
  postFrequency(termId: number): number {
    return this.data.offsets[termId + 1]! - this.data.offsets[termId]!;
  }

  /** How telling a term is, from how few paragraphs hold it (unknown terms are the most telling). */
  weight(term: string): number {
    const id = this.termIds.get(term);
    const df = id === undefined ? 0 : this.data.paragraphDf[id]!;
    const n = this.data.paragraphCount;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Known terms within a small edit distance of a term that is not in the index (typos). */
  similarTerms(term: string, maxDistance: number): string[] {
    this.vocabulary ??= SearchableMap.from(this.data.terms.map((t, id) => [t, id] as [string, number]));
    const found = this.vocabulary.fuzzyGet(term, maxDistance);
    return [...found.keys()].filter((candidate) => candidate !== term);
  }

  /** BM25 over whole posts for weighted terms; returns the best posts, best first. */
  topPosts(query: ReadonlyArray<{ termId: number; boost: number }>, limit: number): Array<{ doc: number; score: number }> {
    const { offsets, postings, freqs, docLengths } = this.data;
    const scores = this.scratch;
    const touched: number[] = [];
    const n = this.docCount;
    for (const { termId, boost } of query) {
      const start = offsets[termId]!;
      const end = offsets[termId + 1]!;
      const df = end - start;
      // In a big blog a term in most posts tells nothing and costs the most: skip it.
      if (n > 1000 && df > n * 0.5) continue;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5)) * boost;
      for (let i = start; i < end; i++) {
        const doc = postings[i]!;
        const tf = freqs[i]!;
        const norm = BM25_K1 * (1 - BM25_B + (BM25_B * docLengths[doc]!) / this.averageLength);
        if (scores[doc] === 0) touched.push(doc);
        scores[doc]! += (idf * tf * (BM25_K1 + 1)) / (tf + norm);
      }
    }
    const results = touched.map((doc) => ({ doc, score: scores[doc]! }));
    for (const doc of touched) scores[doc] = 0;
    return selectTop(results, limit);
  }
}

function selectTop<T extends { score: number; doc: number }>(items: T[], limit: number): T[] {
  const byScore = (a: T, b: T) => b.score - a.score || a.doc - b.doc;
  if (items.length <= limit * 4) return items.sort(byScore).slice(0, limit);
  // Cheap pre-filter: keep what beats the limit-th score of a sample, then sort the few left.
  let threshold = -Infinity;
  const sample = items.slice(0, Math.min(items.length, 2000)).map((item) => item.score).sort((a, b) => b - a);
  if (sample.length > limit) threshold = sample[limit - 1]!;
  const kept = items.filter((item) => item.score >= threshold);
  return kept.sort(byScore).slice(0, limit);
}

/** Builds the index in one pass over the posts: each word is stemmed once (memoised), each post counted once. */
export function buildTermIndex(sources: Iterable<IndexSource>): TermIndex {
  const termIds = new Map<string, number>();
  const terms: string[] = [];
  let pairTerm = new Uint32Array(1 << 16);
  let pairDoc = new Uint32Array(1 << 16);
  let pairFreq = new Uint16Array(1 << 16);
  let pairs = 0;
  const paragraphDf: number[] = [];
  const lastParagraph: number[] = [];
  const docLengths: number[] = [];
  let paragraphCount = 0;

  const counts: number[] = [];
  const seenInDoc: number[] = [];
  let doc = 0;
  for (const source of sources) {
    const touched: number[] = [];
    let length = 0;
    const count = (term: string, amount: number) => {
      let id = termIds.get(term);
      if (id === undefined) {
        id = terms.length;
        termIds.set(term, id);
        terms.push(term);
        paragraphDf.push(0);
        lastParagraph.push(-1);
        counts.push(0);
        seenInDoc.push(-1);
      }
      if (seenInDoc[id] !== doc) {
        seenInDoc[id] = doc;
        counts[id] = 0;
        touched.push(id);
      }
      counts[id]! += amount;
      length += amount;
      return id;
    };
    forEachTerm(source.title, (term) => void count(term, TITLE_WEIGHT));
    for (const paragraph of source.paragraphs) {
      const paragraphId = paragraphCount++;
      forEachTerm(paragraph, (term) => {
        const id = count(term, 1);
        if (lastParagraph[id] !== paragraphId) {
          lastParagraph[id] = paragraphId;
          paragraphDf[id]!++;
        }
      });
    }
    if (pairs + touched.length > pairTerm.length) {
      const size = Math.max(pairTerm.length * 2, pairs + touched.length);
      pairTerm = grow(pairTerm, size);
      pairDoc = grow(pairDoc, size);
      pairFreq = grow(pairFreq, size);
    }
    for (const id of touched) {
      pairTerm[pairs] = id;
      pairDoc[pairs] = doc;
      pairFreq[pairs] = Math.min(counts[id]!, 65535);
      pairs++;
    }
    docLengths.push(length);
    doc++;
  }

  // Counting sort of (term, post) pairs by term: posts stay in order within each term.
  const offsets = new Uint32Array(terms.length + 1);
  for (let i = 0; i < pairs; i++) offsets[pairTerm[i]! + 1]!++;
  for (let t = 0; t < terms.length; t++) offsets[t + 1]! += offsets[t]!;
  const cursor = offsets.slice(0, terms.length);
  const postings = new Uint32Array(pairs);
  const freqs = new Uint16Array(pairs);
  for (let i = 0; i < pairs; i++) {
    const at = cursor[pairTerm[i]!]!++;
    postings[at] = pairDoc[i]!;
    freqs[at] = pairFreq[i]!;
  }
  return new TermIndex({
    terms,
    offsets,
    postings,
    freqs,
    paragraphDf: Uint32Array.from(paragraphDf),
    paragraphCount,
    docLengths: Uint32Array.from(docLengths),
  });
}

function grow<T extends Uint32Array | Uint16Array>(array: T, size: number): T {
  const bigger = new (array.constructor as new (n: number) => T)(size);
  bigger.set(array);
  return bigger;
}
