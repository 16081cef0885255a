import { describe, expect, it } from 'vitest';
import { forgetAll, questionState, readQuestion, STATE_TTL_MS } from '../src/button-state.js';

describe('button state', () => {
  it('carries a question that fits in the custom_id itself, so it survives a restart', () => {
    const state = questionState('why: blameless?', 40);
    expect(state).toBe('=why: blameless?');
    forgetAll();
    expect(readQuestion(state)).toBe('why: blameless?');
  });

  it('remembers a longer question under a short key, for a while only', () => {
    const question = 'q'.repeat(200);
    const state = questionState(question, 60, 1_000);
    expect(state.length).toBeLessThanOrEqual(60);
    expect(readQuestion(state, 1_000 + STATE_TTL_MS - 1)).toBe(question);
    expect(readQuestion(state, 1_000 + STATE_TTL_MS)).toBeUndefined();
  });

  it('forgets everything on a restart, and reads nothing from a malformed state', () => {
    const state = questionState('q'.repeat(200), 60);
    forgetAll();
    expect(readQuestion(state)).toBeUndefined();
    expect(readQuestion('garbage')).toBeUndefined();
  });
});
