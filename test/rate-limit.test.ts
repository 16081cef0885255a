import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../src/rate-limit.js';

function limiter(count = 5, windowMs = 10_000) {
  let now = 1_000_000;
  const rl = new RateLimiter(count, windowMs, () => now);
  return { rl, advance: (ms: number) => (now += ms) };
}

describe('RateLimiter (5 per 10 s)', () => {
  it('allows 5 requests and refuses the sixth with the wait in ms', () => {
    const { rl, advance } = limiter();
    for (let i = 0; i < 5; i++) {
      expect(rl.take('alice')).toBe(0);
      advance(1000);
    }
    // Requests at t=0..4 s; now t=5 s: the first one leaves the window at t=10 s.
    expect(rl.take('alice')).toBe(5000);
  });

  it('the window slides: a slot frees as soon as the oldest request is 10 s old', () => {
    const { rl, advance } = limiter();
    for (let i = 0; i < 5; i++) {
      rl.take('alice');
      advance(1000);
    }
    advance(4999); // t = 9.999 s
    expect(rl.take('alice')).toBe(1);
    advance(1); // t = 10 s: the request from t=0 is out
    expect(rl.take('alice')).toBe(0);
    expect(rl.take('alice')).toBe(1000); // the next slot frees when the t=1 s request leaves
  });

  it('refused requests do not count: waiting out the window always works', () => {
    const { rl, advance } = limiter();
    for (let i = 0; i < 5; i++) rl.take('alice');
    for (let i = 0; i < 20; i++) {
      expect(rl.take('alice')).toBeGreaterThan(0);
      advance(100);
    }
    advance(8000);
    expect(rl.take('alice')).toBe(0);
  });

  it('other users are unaffected', () => {
    const { rl } = limiter();
    for (let i = 0; i < 5; i++) rl.take('alice');
    expect(rl.take('alice')).toBe(10_000);
    for (let i = 0; i < 5; i++) expect(rl.take('bob')).toBe(0);
    expect(rl.take('bob')).toBeGreaterThan(0);
  });

  it('stays correct with many users (old entries are swept)', () => {
    const { rl, advance } = limiter(1, 1000);
    for (let i = 0; i < 10_050; i++) rl.take(`user${i}`);
    advance(1000);
    for (let i = 0; i < 10_050; i += 1000) expect(rl.take(`user${i}`)).toBe(0);
    expect(rl.take('user0')).toBe(1000);
  });

  it('refuses a limit that would block everyone or no one', () => {
    expect(() => new RateLimiter(0, 10_000)).toThrow(RangeError);
    expect(() => new RateLimiter(5, 0)).toThrow(RangeError);
  });

  it('uses the real clock by default', () => {
    const rl = new RateLimiter(1, 60_000);
    expect(rl.take('x')).toBe(0);
    const wait = rl.take('x');
    expect(wait).toBeGreaterThan(59_000);
    expect(wait).toBeLessThanOrEqual(60_000);
  });
});
