// Choosing the window: the most of the question's ideas first; closeness, density and an answer cue only break ties.
import { describe, expect, it } from 'vitest';
import type { MatchEvent, PreparedConcept } from '../../src/search/types.js';
import { RANKING } from '../../src/search/ranking.js';
import { bestWindow, findCues } from '../../src/search/windows.js';

const concepts: PreparedConcept[] = [
  { weight: 2, alternatives: [{ terms: ['rare'], factor: 1 }] },
  { weight: 1, alternatives: [{ terms: ['common'], factor: 1 }] },
];
const at = (start: number, concept: number): MatchEvent => ({ start, end: start + 4, concept, factor: 1 });

describe('bestWindow', () => {
  it('prefers the window holding more of the weighted ideas over a denser one', () => {
    const events = [at(0, 1), at(10, 1), at(20, 1), at(30, 1), at(1000, 0), at(1100, 1)];
    const window = bestWindow(events, concepts, 3);
    expect(window.start).toBe(1000);
    expect(window.strength).toEqual([1, 1]);
    expect(window.cluster).toEqual({ start: 1000, end: 1104 });
  });

  it('never lets matches farther apart than a window count together', () => {
    const window = bestWindow([at(0, 0), at(RANKING.windowChars + 50, 1)], concepts, 3);
    expect(window.strength.filter((s) => s > 0)).toHaveLength(1);
  });

  it('breaks a tie with a cue of the kind of answer asked for', () => {
    const events = [at(0, 0), at(2000, 0)];
    expect(bestWindow(events, concepts, 3).start).toBe(0);
    expect(bestWindow(events, concepts, 3, [{ start: 2050, end: 2057 }]).start).toBe(2000);
  });
});

describe('findCues', () => {
  it('finds reasons, numbers and times inside the given stretches only', () => {
    const text = 'It failed because of the rain. It took 35 minutes. Later, in June, it was fixed because of luck.';
    expect(findCues(text, 'reason', [0, 40]).map((cue) => text.slice(cue.start, cue.end))).toEqual(['because']);
    expect(findCues(text, 'quantity', [0, text.length]).map((cue) => text.slice(cue.start, cue.end))).toContain('35');
    expect(findCues(text, 'time', [0, text.length]).map((cue) => text.slice(cue.start, cue.end))).toContain('June');
  });

  it('finds the items of a list, numbered or bulleted, only where a line starts', () => {
    const text = 'Version 2. of the plan:\n1. Design it\n2) Build it\n• Ship it\nno - dash here';
    expect(findCues(text, 'list', [0, text.length]).map((cue) => text.slice(cue.end, cue.end + 6))).toEqual([
      'Design',
      'Build ',
      'Ship i',
    ]);
  });
});
