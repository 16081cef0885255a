// Per-user cooldown: at most `count` requests in any `windowMs`, so one member cannot flood a channel through the bot.

export class RateLimiter {
  private readonly recent = new Map<string, number[]>();

  constructor(
    private readonly count: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!(count >= 1) || !(windowMs > 0))
      throw new RangeError(
        `A rate limit needs at least 1 request in a window over 0 ms (got ${count} in ${windowMs} ms).`,
      );
  }

  /** Records a request; returns 0 when allowed, else the milliseconds until the user may ask again. */
  take(user: string): number {
    const now = this.now();
    const times = (this.recent.get(user) ?? []).filter((time) => now - time < this.windowMs);
    if (times.length >= this.count) {
      this.recent.set(user, times);
      return this.windowMs - (now - times[0]!);
    }
    times.push(now);
    this.recent.set(user, times);
    if (this.recent.size > 10_000) this.sweep(now);
    return 0;
  }

  private sweep(now: number): void {
    for (const [user, times] of this.recent)
      if (times.every((time) => now - time >= this.windowMs)) this.recent.delete(user);
  }
}
