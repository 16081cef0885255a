// The eval's typing slips: one word of each question changed by one edit, the same ones on every run.
import { describe, expect, it } from 'vitest';
import { editDistance } from '../../src/text/edit-distance.js';
import { withTypos } from '../../scripts/eval/typos.js';

const questions = [
  { q: 'Why should post-mortems be blameless?', slug: 'blameless-post-mortem' },
  { q: 'What does Brainwave run on?', slug: 'brainwave' },
  { q: 'is it ok', slug: null },
];

describe('withTypos', () => {
  it('changes one word of six letters or more by one edit, keeping its first letter, and the rest as it was', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const [blameless, brainwave] = withTypos(questions, seed);
      for (const [before, after] of [
        [questions[0]!, blameless!],
        [questions[1]!, brainwave!],
      ] as const) {
        expect(after.slug).toBe(before.slug);
        const changed = after.q.split(' ').filter((word, i) => word !== before.q.split(' ')[i]);
        expect(changed).toHaveLength(1);
        const original = before.q.split(' ')[after.q.split(' ').indexOf(changed[0]!)]!;
        expect(original.length).toBeGreaterThanOrEqual(6);
        expect(changed[0]![0]).toBe(original[0]);
        expect(editDistance(changed[0]!, original)).toBeLessThanOrEqual(2);
      }
    }
  });

  it('leaves a question with no long word as it is, and gives the same slips for the same seed', () => {
    expect(withTypos(questions, 7)[2]!.q).toBe('is it ok');
    expect(withTypos(questions, 7)).toEqual(withTypos(questions, 7));
    expect(withTypos(questions, 7)).not.toEqual(withTypos(questions, 8));
  });
});
