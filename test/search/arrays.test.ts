// mapped: Array.prototype.map's result, built so that its shape does not depend on V8's tier.
import { describe, expect, it } from 'vitest';
import { mapped } from '../../src/search/arrays.js';

describe('mapped', () => {
  it('gives what map gives, the index passed along', () => {
    const items = ['a', 'bb', 'ccc'];
    expect(mapped(items, (item, i) => `${i}:${item.length}`)).toEqual(items.map((item, i) => `${i}:${item.length}`));
  });

  it('gives a new empty array for an empty one', () => {
    const items: number[] = [];
    const out = mapped(items, (n) => n);
    expect(out).toEqual([]);
    expect(out).not.toBe(items);
  });
});
