// Preparing a question's ideas: rare words weigh more, acronyms never outweigh their long form, typos find known words.
import { describe, expect, it } from 'vitest';
import { prepare } from '../../src/search/concepts.js';
import { parseQuery } from '../../src/search/query.js';
import { buildTermIndex } from '../../src/search/term-index.js';

const index = buildTermIndex([
  {
    title: 'Kubernetes networking',
    paragraphs: [
      'Calico is my favourite overlay for the cluster.',
      'The cluster runs in the cloud.',
      'Network security matters.',
    ],
  },
  {
    title: 'Machine learning at the edge',
    paragraphs: ['Machine learning models run on the edge device in the cloud.'],
  },
  { title: 'Blameless reviews', paragraphs: ['A blameless review builds trust in the cloud team.'] },
]);
const ideas = (question: string) => prepare(index, parseQuery(question).concepts);

describe('prepare', () => {
  it('weighs a rare word above a common one', () => {
    const [calico, cloud] = ideas('calico cloud');
    expect(calico!.weight).toBeGreaterThan(cloud!.weight);
  });

  it('gives an acronym the weight of its long form, not more', () => {
    const [ml] = ideas('ML');
    const [longForm] = ideas('machine learning');
    expect(ml!.weight).toBeLessThanOrEqual(longForm!.weight + 1e-9);
    expect(ml!.alternatives.map((alternative) => alternative.terms.join(' '))).toContain('machin learn');
  });

  it('matches a mistyped longer word to the known word, below an exact match', () => {
    const [typo] = ideas('blamelss');
    const known = typo!.alternatives.find((alternative) => alternative.terms[0] === 'blameless');
    expect(known).toBeDefined();
    expect(known!.factor).toBeLessThan(1);
  });

  it('matches a typo one letter from a known word even when their stems are further apart', () => {
    // "securty" stems to "securti", two edits from "secur", the stem of "security".
    const [typo] = ideas('securty');
    expect(typo!.alternatives.map((alternative) => alternative.terms.join(' '))).toContain('secur');
  });
});
