// Hostile input for the property tests: any code units, any graphemes, mention and Markdown syntax, long and odd text.
import fc from 'fast-check';

export const MENTIONS = [
  '@everyone',
  '@here',
  '@EveryOne',
  '<@123456789012345678>',
  '<@!123456789012345678>',
  '<@&123456789012345678>',
  '<#123456789012345678>',
  '＠everyone',
  '@\u200beveryone',
] as const;

export const SPECIAL = [
  '.*+?^${}()|[]\\',
  '"unclosed',
  '“curly',
  '~fuzzy^2',
  '-',
  '**bold**',
  '__u__',
  '||spoiler||',
  '`code`',
  '> quote',
  '# heading',
  '[link](https://evil.example)',
  'https://example.com/path?q=1',
  '\u0000\u0007\u001b[31m\u007f',
  '\u200b\u200c\u200d\u2060\ufeff',
  '\u202e\u202d\u200f\u061c',
  '中文 русский العربية עברית',
  '😀👍🏽👨‍👩‍👧',
  '\uD800',
  '\uDC00x',
  'the and of what is',
  'kubernetes security',
  'edge tpu',
  'hololens',
] as const;

const piece = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 2, arbitrary: fc.constantFrom(...MENTIONS) },
  { weight: 2, arbitrary: fc.constantFrom(...SPECIAL) },
);

/** What a member might type, including the worst of it. */
export const hostileText = fc.oneof(
  { weight: 6, arbitrary: fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(' ')) },
  // Long text, built by repeating a short hostile piece (cheap to generate, still 5,000+ characters).
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }), fc.integer({ min: 5000, max: 7000 }))
      .map(([unit, size]) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size)),
  },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\n\t', 'x'.repeat(6000), '@everyone '.repeat(600)) },
);

/** Anything that must not ping in a message's content. */
export const UNESCAPED_MENTION = /@(everyone|here)|<@[!&]?\d+>|<#\d+>/i;

/** Any length up to `max`, long values built by repetition so that generating them stays fast. */
export function longText(max: number): fc.Arbitrary<string> {
  return fc.oneof(
    hostileText,
    fc
      .tuple(
        hostileText.filter((text) => text.length > 0),
        fc.integer({ min: 1, max }),
      )
      .map(([unit, size]) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size)),
  );
}
