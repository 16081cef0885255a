// How many single-character edits (insertions, deletions, substitutions) turn one string into another: Levenshtein,
// the one edit distance of the project (typo lookups in the index and their ranking).

/**
 * The edit distance between `a` and `b` (UTF-16 units). With `max`, the work stops as soon as the distance is sure
 * to exceed it, and `max + 1` is returned then: typo lookups only ask whether a word is within one or two edits.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = new Uint32Array(b.length + 1);
  let current = new Uint32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let best = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const value = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (ca === b.charCodeAt(j - 1) ? 0 : 1),
      );
      current[j] = value;
      if (value < best) best = value;
    }
    // Every path to the last cell goes through this row: past `max` everywhere, the distance is past `max` too.
    if (best > max) return max + 1;
    [previous, current] = [current, previous];
  }
  return Math.min(previous[b.length]!, max + 1);
}
