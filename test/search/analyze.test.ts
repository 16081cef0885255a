// How words become index terms: folded, stemmed, stop words and single letters dropped.
import { describe, expect, it } from 'vitest';
import { fold, forEachTerm, irregularFormsOf, surfaceForm, termOf } from '../../src/search/analyze.js';

describe('termOf', () => {
  it('stems words so that their forms meet', () => {
    expect(termOf('post-mortems'.split('-')[1]!)).toBe(termOf('mortem'));
    expect(termOf('Researchers')).toBe(termOf('research'));
    expect(termOf('lost')).toBe(termOf('lose'));
  });

  it('drops stop words and single letters, keeps numbers and mixed tokens', () => {
    expect(termOf('the')).toBe('');
    expect(termOf('x')).toBe('');
    expect(termOf('2018')).toBe('2018');
    expect(termOf('k8s')).toBe('k8s');
  });

  it('folds case and accents', () => {
    expect(fold('Rémi')).toBe('remi');
    expect(termOf('Café')).toBe(termOf('cafe'));
  });
});

describe('surfaceForm and irregularFormsOf', () => {
  it('takes off only plural and possessive endings', () => {
    expect(surfaceForm('limitations')).toBe('limitation');
    expect(surfaceForm("Russinovich's")).toBe('russinovich');
  });

  it('knows the irregular forms that index as a term', () => {
    expect(irregularFormsOf(termOf('write'))).toEqual(expect.arrayContaining(['wrote', 'written']));
    expect(irregularFormsOf(termOf('kubernetes'))).toEqual([]);
  });
});

describe('forEachTerm', () => {
  it('visits the meaningful terms of a text in order', () => {
    const terms: string[] = [];
    forEachTerm('The FPGA is reprogrammable, an ASIC is not.', (term) => terms.push(term));
    expect(terms).toEqual(['fpga', termOf('reprogrammable'), 'asic', 'not']);
  });
});
