// Shortens text for a limited room (a Discord field, an echo of the question, a post's summary): the one place that
// decides where a cut falls and how it shows. Plain text in, plain text out: Markdown is the renderer's business.

/** What marks a cut: the reader sees that text was left out. */
export const ELLIPSIS = '…';

export interface TruncateOptions {
  /**
   * Cut between words (at the last space) rather than inside one, unless that would leave less than
   * WORD_CUT_MIN_SHARE of the room: a long URL or a word without spaces is then cut where the room ends.
   */
  atWord?: boolean;
}

/** A cut between words keeps at least this share of the room, else the cut falls inside the word. */
const WORD_CUT_MIN_SHARE = 0.6;

/** The text when it fits in `max` characters; else its start and "…", `max` characters at most in all. */
export function truncate(text: string, max: number, options: TruncateOptions = {}): string {
  const end = truncationEnd(text, max, options);
  return end === text.length ? text : `${text.slice(0, end)}${ELLIPSIS}`;
}

/**
 * Where `truncate` cuts: `text.length` when the text fits, else how many characters it keeps before the "…". For a
 * caller that must tidy the kept part (close Markdown).
 */
export function truncationEnd(text: string, max: number, options: TruncateOptions = {}): number {
  if (text.length <= max) return text.length;
  return keptLength(text, Math.max(0, max - ELLIPSIS.length), options);
}

/**
 * How many characters of `text` to keep so that at most `room` are kept: never between the two halves of an emoji (a
 * surrogate pair); with `atWord`, a word that ends at the limit is kept whole, one cut across is left out, and the
 * white space before the cut is dropped.
 */
export function keptLength(text: string, room: number, options: TruncateOptions = {}): number {
  if (text.length <= room) return text.length;
  let end = Math.max(0, room);
  if (end > 0 && isHighSurrogate(text.charCodeAt(end - 1))) end--;
  if (options.atWord) {
    if (!/\s/.test(text[end] ?? '')) {
      const lastSpace = /\s+\S*$/.exec(text.slice(0, end));
      if (lastSpace && lastSpace.index > room * WORD_CUT_MIN_SHARE) end = lastSpace.index;
    }
    while (end > 0 && /\s/.test(text[end - 1]!)) end--;
  }
  return end;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
