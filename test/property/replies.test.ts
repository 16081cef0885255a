import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer.js';
import { Library } from '../../src/library.js';
import { answerReply, latestReply, reloadReply } from '../../src/replies/build.js';
import { escapeUserText } from '../../src/replies/escape.js';
import { answerJson } from '../../src/replies/json.js';
import { toDiscord, toText } from '../../src/replies/render.js';
import { ESSAYS, isWellFormed } from '../content/factories.js';
import { expectWithinDiscordLimits } from '../replies/limits.js';
import { hostileText, longText, UNESCAPED_MENTION } from './arbitraries.js';

let library: Library;
beforeAll(async () => {
  library = await Library.open({ contentDir: ESSAYS });
});

const date = fc
  .date({ min: new Date('1990-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const url = fc.webUrl({ withQueryParameters: true, withFragments: true }).filter((u) => !u.includes('@'));
const long = longText(9000);
/** Any text with sorted, non-overlapping highlights anywhere in it but inside an emoji (not only on word edges). */
const excerpt = fc.tuple(long, fc.array(fc.nat(), { maxLength: 40 })).map(([text, cuts]) => {
  const apart = (at: number) =>
    /[\uD800-\uDBFF]/.test(text[at - 1] ?? '') && /[\uDC00-\uDFFF]/.test(text[at] ?? '') ? at - 1 : at;
  const edges = [...new Set(cuts.map((cut) => apart(cut % (text.length + 1))))].sort((a, b) => a - b);
  const highlights = [];
  for (let i = 0; i + 1 < edges.length; i += 2) highlights.push({ start: edges[i]!, end: edges[i + 1]! });
  return { text, highlights };
});
const anyResult = fc.record({
  slug: fc.string(),
  title: long,
  url,
  link: url,
  date,
  score: fc.double({ noNaN: true }),
  confidence: fc.double({ min: 0, max: 1, noNaN: true }),
  excerpt,
});
const anyAnswer: fc.Arbitrary<Answer> = fc.record({
  query: long,
  keywords: fc.array(hostileText, { maxLength: 30 }),
  results: fc.array(anyResult, { maxLength: 12 }),
  related: fc.array(anyResult, { maxLength: 3 }),
  tookMs: fc.nat(),
});

function expectSafeContent(content: string): void {
  expect(content).not.toMatch(UNESCAPED_MENTION);
}

describe('replies for Discord (property)', () => {
  it('any answer renders within every Discord limit, never pings in content, and prints as text', () => {
    fc.assert(
      fc.property(anyAnswer, fc.boolean(), (answer, isPrivate) => {
        const reply = answerReply(answer, { private: isPrivate });
        const payload = toDiscord(reply);
        expectWithinDiscordLimits(payload);
        expectSafeContent(payload.content);
        expect(payload.content.length).toBeGreaterThan(0);
        expect((payload.flags ?? 0) & 64).toBe(reply.private ? 64 : 0);
        const text = toText(reply);
        // The terminal shows every excerpt as written: nothing escaped, nothing added (a post's code without its
        // marks).
        if (reply.cards.length > 0)
          for (const result of answer.results.length > 0 ? answer.results : answer.related)
            expect(text).toContain(result.excerpt.text.replace(/`/g, ''));
      }),
      { numRuns: 200 },
    );
  });

  it("any answer's JSON: the excerpt reads back to the plain text, and each highlight to its words", () => {
    fc.assert(
      fc.property(anyAnswer, (answer) => {
        const { results, related } = answerJson(answer);
        [...results, ...related].forEach((json, i) => {
          const { text, highlights } = [...answer.results, ...answer.related][i]!.excerpt;
          const plain = json.excerpt.replace(/\\(.)|\*\*/gsu, '$1');
          expect(plain).toBe(text);
          const points = [...plain];
          expect(json.highlights.map(([start, end]) => points.slice(start, end).join(''))).toEqual(
            highlights.map((span) => text.slice(span.start, span.end)),
          );
        });
      }),
      { numRuns: 200 },
    );
  });

  it('a hostile question through the whole path: a normal reply, no ping, within limits', () => {
    fc.assert(
      fc.property(hostileText, fc.integer({ min: 1, max: 5 }), fc.boolean(), (question, limit, isPrivate) => {
        const reply = answerReply(library.ask(question, limit), { private: isPrivate });
        const payload = toDiscord(reply);
        expectWithinDiscordLimits(payload);
        expectSafeContent(payload.content);
        expect(reply.isError).toBeUndefined();
        // A public answer quotes the question first (one line).
        expect(payload.content).toMatch(
          new RegExp(
            String.raw`^(> [^\n]*\n)?(The (\d+ )?best match|Not sure — no post clearly answers|` +
              String.raw`No good match in the blog for|Your question has no words)`,
          ),
        );
        expect(isWellFormed(payload.content) || !isWellFormed(question)).toBe(true);
        toText(reply);
      }),
      { numRuns: 200 },
    );
  });

  it('latest and reload replies stay within the limits whatever the titles, summaries and file names', () => {
    const latest = fc.array(fc.record({ slug: fc.string(), title: long, url, date, summary: long }), { maxLength: 15 });
    const problem = fc.record({
      source: hostileText,
      file: hostileText,
      line: fc.nat(),
      reason: long,
      kept: fc.boolean(),
    });
    const report = fc.record({
      added: fc.array(hostileText, { maxLength: 50 }),
      changed: fc.array(hostileText, { maxLength: 50 }),
      removed: fc.array(hostileText, { maxLength: 50 }),
      problems: fc.array(problem, { maxLength: 30 }),
      drafts: fc.array(fc.record({ source: hostileText, file: hostileText, line: fc.nat(), reason: hostileText }), {
        maxLength: 10,
      }),
      postCount: fc.nat(),
      tookMs: fc.nat(),
      sources: fc.array(
        fc.record({
          source: hostileText,
          label: hostileText,
          status: fc.constantFrom('read', 'unchanged', 'failed'),
          reason: long,
          posts: fc.nat(),
          notes: fc.array(long, { maxLength: 3 }),
        }),
        { maxLength: 5 },
      ),
    });
    fc.assert(
      fc.property(latest, report, (posts, rep) => {
        for (const reply of [latestReply(posts), reloadReply(rep)]) {
          const payload = toDiscord(reply);
          expectWithinDiscordLimits(payload);
          toText(reply);
        }
        expectSafeContent(toDiscord(reloadReply(rep)).content);
      }),
      { numRuns: 100 },
    );
  });

  it('escapeUserText never leaves a mention, whatever surrounds it', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        expect(escapeUserText(text)).not.toMatch(UNESCAPED_MENTION);
      }),
      { numRuns: 300 },
    );
  });
});
