import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/load.js';
import { toParagraphs } from '../../src/content/paragraphs.js';
import { Library } from '../../src/library.js';
import { ESSAYS } from '../content/factories.js';
import { hostileText } from './arbitraries.js';

let library: Library;
let textBySlug: Map<string, string>;
let vocabulary: string[];

beforeAll(async () => {
  library = await Library.open({ contentDir: ESSAYS });
  textBySlug = new Map(
    (await loadContent(ESSAYS)).posts.map((post) => [
      post.slug,
      toParagraphs(post.body)
        .map((p) => p.text)
        .join('\n\n'),
    ]),
  );
  const words = new Set<string>();
  for (const text of textBySlug.values())
    for (const word of text.match(/[\p{L}\p{N}]{4,}/gu) ?? []) words.add(word.toLowerCase());
  vocabulary = [...words].sort();
});

/** Questions that find something: words of the essays, sometimes with hostile text around them. */
const questions = () =>
  fc.oneof(
    fc.array(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 5 }).map((words) => words.join(' ')),
    fc
      .tuple(fc.array(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 3 }), hostileText)
      .map(([words, noise]) => `${noise} ${words.join(' ')}`),
    hostileText,
  );

/**
 * The lines of an excerpt, the "…" at either end of a line dropped: paragraphs or list items cut short, or a second
 * passage.
 */
function plainLines(text: string): string[] {
  return text.split('\n').map((line) => line.replace(/^…/, '').replace(/…$/, ''));
}

describe('Library.ask on the ten essays (property)', () => {
  it('never throws and returns at most `limit` results, best first, with http(s) links', () => {
    fc.assert(
      fc.property(questions(), fc.integer({ min: 1, max: 10 }), (question, limit) => {
        const answer = library.ask(question, limit);
        expect(answer.results.length).toBeLessThanOrEqual(limit);
        expect(answer.related.length).toBeLessThanOrEqual(3);
        if (answer.results.length > 0) expect(answer.related).toEqual([]);
        const scores = answer.results.map((r) => r.score);
        expect(scores).toEqual([...scores].sort((a, b) => b - a));
        for (const result of answer.results) {
          expect(result.link.startsWith(result.url)).toBe(true);
          expect(result.confidence).toBeGreaterThan(0);
          expect(result.confidence).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("every line of every excerpt is drawn from the post's own text", () => {
    let withResults = 0;
    fc.assert(
      fc.property(questions(), (question) => {
        const { results, related } = library.ask(question, 5);
        for (const result of [...results, ...related]) {
          withResults++;
          const text = textBySlug.get(result.slug)!;
          const lines = plainLines(result.excerpt.text);
          expect(lines.join('').trim().length).toBeGreaterThan(0);
          for (const line of lines) expect(text).toContain(line);
        }
      }),
      { numRuns: 200 },
    );
    // The property is only worth something if many questions found excerpts (answers, or posts that may help).
    expect(withResults).toBeGreaterThan(50);
  });

  it('highlights are sorted, apart, inside the excerpt, off its "…" marks, and each covers a word', () => {
    let highlights = 0;
    fc.assert(
      fc.property(questions(), (question) => {
        for (const { excerpt } of library.ask(question, 5).results) {
          let end = 0;
          for (const span of excerpt.highlights) {
            highlights++;
            expect(span.start).toBeGreaterThanOrEqual(end);
            expect(span.end).toBeGreaterThan(span.start);
            expect(span.end).toBeLessThanOrEqual(excerpt.text.length);
            const words = excerpt.text.slice(span.start, span.end);
            expect(words).toMatch(/^[\p{L}\p{N}]/u);
            expect(words).not.toContain('…');
            end = span.end;
          }
        }
      }),
      { numRuns: 200 },
    );
    // Worth something only if many answers had highlights: about 146 in a run, 95 in the lowest of 60 (the questions
    // are random), so the floor leaves room.
    expect(highlights).toBeGreaterThan(50);
  });
});
