import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_CONCEPTS, MAX_QUERY_CHARS, parseQuery } from '../../src/search/query.js';
import { hostileText } from './arbitraries.js';

describe('parseQuery (property)', () => {
  it('never throws, and returns bounded, well-formed keywords for any input', () => {
    fc.assert(
      fc.property(hostileText, (input) => {
        const parsed = parseQuery(input);
        expect(parsed.text.length).toBeLessThanOrEqual(MAX_QUERY_CHARS);
        expect(parsed.concepts.length).toBeLessThanOrEqual(MAX_CONCEPTS);
        expect(parsed.keywords).toEqual(parsed.concepts.map((concept) => concept.label));
        for (const concept of parsed.concepts) expect(concept.alternatives[0]!.length).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on arbitrary code units or graphemes', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.string()), (input) => {
        parseQuery(input);
      }),
      { numRuns: 200 },
    );
  });
});
