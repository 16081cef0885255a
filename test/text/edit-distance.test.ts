// The edit distance typo lookups use: insertions, deletions and substitutions, stopping early past a bound.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editDistance } from '../../src/text/edit-distance.js';

describe('editDistance', () => {
  it('counts single-character edits', () => {
    expect(editDistance('kubernetes', 'kubernetes')).toBe(0);
    expect(editDistance('kubernetes', 'kubernets')).toBe(1);
    expect(editDistance('tensorflow', 'tensroflow')).toBe(2);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('with a bound, gives the distance when within it and bound + 1 beyond', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 12 }),
        fc.string({ maxLength: 12 }),
        fc.integer({ min: 0, max: 4 }),
        (a, b, max) => {
          const exact = editDistance(a, b);
          expect(editDistance(a, b, max)).toBe(exact <= max ? exact : max + 1);
          expect(editDistance(b, a)).toBe(exact);
        },
      ),
    );
  });
});
