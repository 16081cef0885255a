// Discord Markdown for rich text: each kind escaped as it needs, highlights in bold, cuts that keep the Markdown whole.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { excerptMarkdown, fitMarkdown, toMarkdown } from '../../src/replies/markdown.js';
import { code, link, quote, user, type Inline } from '../../src/replies/reply.js';
import { isWellFormed } from '../content/factories.js';

/**
 * Markdown back to the plain text it shows: escapes resolved, bold markers dropped (valid for excerpts and the bot's
 * words).
 */
const unescape = (markdown: string) => markdown.replace(/\\(.)|\*\*/gsu, '$1');

describe('toMarkdown', () => {
  it("escapes each run as needed: the bot's words and quotes for Markdown, others' words for pings, links too", () => {
    expect(toMarkdown(['50% of *us*'])).toBe('50% of \\*us\\*');
    expect(toMarkdown([user('@everyone [a](b) #1')])).toBe('@\u200beveryone \\[a\\]\\(b\\) \\#1');
    expect(toMarkdown(['Try ', code('/latest'), '.'])).toBe('Try `/latest`.');
    expect(
      toMarkdown([link('Going back to my (our) roots', 'https://blog.example/?s=Going+back+to+my+(our)+roots')]),
    ).toBe('[Going back to my \\(our\\) roots](https://blog.example/?s=Going+back+to+my+%28our%29+roots)');
    expect(toMarkdown([quote({ text: '…a compost heap…', highlights: [{ start: 3, end: 10 }] })])).toBe(
      '…a **compost** heap…',
    );
  });
});

describe('excerptMarkdown with code (Discord)', () => {
  it("shows a post's code as code: as written, never bold, while the JSON contract escapes the marks", () => {
    const text = 'Run `kubectl apply -f *.yaml` then check.';
    const start = text.indexOf('kubectl');
    const excerpt = {
      text,
      highlights: [
        { start, end: start + 7 },
        { start: text.indexOf('check'), end: text.indexOf('check') + 5 },
      ],
    };
    expect(excerptMarkdown(excerpt, { code: true })).toBe('Run `kubectl apply -f *.yaml` then **check**.');
    expect(excerptMarkdown(excerpt)).toBe('Run \\`**kubectl** apply -f \\*.yaml\\` then **check**.');
  });

  it('closes a code span cut at the end, and opens again one cut at the start', () => {
    expect(excerptMarkdown({ text: 'Run `kubectl app…', highlights: [] }, { code: true })).toBe('Run `kubectl app`…');
    expect(excerptMarkdown({ text: '…ply -f x.yaml` then `ls`.', highlights: [] }, { code: true })).toBe(
      '…`ply -f x.yaml` then `ls`.',
    );
    expect(excerptMarkdown({ text: '`line one`\n`line two`', highlights: [] }, { code: true })).toBe(
      '`line one`\n`line two`',
    );
  });
});

describe('excerptMarkdown', () => {
  it("bolds the highlights and escapes the post's own Markdown around and inside them", () => {
    const text = '…We found a **compost** heap, 50% wet_ness.…';
    const start = text.indexOf('compost');
    expect(excerptMarkdown({ text, highlights: [{ start, end: start + 7 }] })).toBe(
      '…We found a \\*\\***compost**\\*\\* heap, 50% wet\\_ness.…',
    );
  });

  it('keeps touching highlights apart, and escapes list markers at the start of each line and passage', () => {
    const text = '…- first item\n2. second\n\n…# third';
    expect(excerptMarkdown({ text, highlights: [] })).toBe('…\\- first item\n2\\. second\n\n…\\# third');
    expect(
      excerptMarkdown({
        text: 'abcd',
        highlights: [
          { start: 0, end: 2 },
          { start: 2, end: 4 },
        ],
      }),
    ).toBe('**ab****cd**');
  });

  it('shows exactly the plain text once escapes and bold markers are read (property)', () => {
    fc.assert(
      fc.property(excerpts, (excerpt) => {
        expect(unescape(excerptMarkdown(excerpt))).toBe(excerpt.text);
      }),
      { numRuns: 300 },
    );
  });
});

describe('fitMarkdown', () => {
  it('leaves Markdown that fits alone', () => {
    expect(fitMarkdown(['short ', user('a_b')], 20)).toBe('short a\\_b');
  });

  it('cuts between words, after the escapes, and closes nothing it did not open', () => {
    expect(fitMarkdown(['a_b c_d e_f g_h'], 12)).toBe('a\\_b c\\_d…');
  });

  it('keeps a link or a command whole, or leaves it out', () => {
    const text: Inline[] = ['See ', link('A long title', 'https://blog.example/a'), ' now'];
    expect(fitMarkdown(text, 30)).toBe('See…');
  });

  it('never breaks an escape, a bold pair, a code span or an emoji, and keeps as much as fits (property)', () => {
    fc.assert(
      fc.property(excerpts, fc.integer({ min: 1, max: 400 }), (excerpt, max) => {
        // In Discord a post's code (backtick-marked) shows as code: its marks are the only backticks, always paired.
        const whole = excerptMarkdown(excerpt, { code: true });
        const out = fitMarkdown([quote(excerpt)], max);
        expect(out.length).toBeLessThanOrEqual(Math.max(max, 1));
        if (whole.length <= max) return void expect(out).toBe(whole);
        expect(out.endsWith('…')).toBe(true);
        const segments = out.slice(0, -1).split('`');
        expect(segments.length % 2).toBe(1);
        const prose = segments.filter((_, i) => i % 2 === 0);
        const kept = segments.map((segment, i) => (i % 2 === 0 ? unescape(segment) : segment)).join('');
        expect(excerpt.text.replace(/`/g, '').startsWith(kept)).toBe(true);
        expect(prose.join('').replace(/\\./gs, '').match(/\*\*/g)?.length ?? 0).toSatisfy((n: number) => n % 2 === 0);
        expect(isWellFormed(out) || !isWellFormed(excerpt.text)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

/**
 * Any excerpt: text with Markdown, line and passage breaks, cut marks and emoji; sorted, non-overlapping highlights.
 */
const excerpts = fc
  .array(
    fc.tuple(
      fc.constantFrom(
        'heat',
        'pump',
        '*',
        '**',
        '_',
        '\\',
        '`',
        '|',
        '~',
        '- ',
        '# ',
        '> ',
        '12. ',
        '😀',
        '…',
        ' ',
        '\n',
        '\n\n',
        'a.b',
      ),
      fc.boolean(),
    ),
    {
      maxLength: 80,
    },
  )
  .map((pieces) => {
    let text = '';
    const highlights: Array<{ start: number; end: number }> = [];
    for (const [piece, lit] of pieces) {
      if (lit && /^\w+$/.test(piece)) highlights.push({ start: text.length, end: text.length + piece.length });
      text += piece;
    }
    return { text, highlights };
  });
