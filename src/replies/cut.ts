// Where to cut plain text to a length: between words where it can, never between the two halves of an emoji.

/** The text kept when `text` must fit in `max` characters, "…" included. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, cutIndex(text, max - 1))}…`;
}

/**
 * Where to cut `text` so that at most `max` characters are kept: after the last whole word when that keeps more than
 * 60% of them, else at `max`; trailing white space dropped; never inside a surrogate pair.
 */
export function cutIndex(text: string, max: number): number {
  if (text.length <= max) return text.length;
  let at = Math.max(0, max);
  if (/[\uD800-\uDBFF]/.test(text[at - 1] ?? '')) at--;
  if (!/\s/.test(text[at] ?? '')) {
    const wordStart = text.slice(0, at).search(/\s+\S*$/);
    if (wordStart > max * 0.6) at = wordStart;
  }
  while (at > 0 && /\s/.test(text[at - 1]!)) at--;
  return at;
}
