// Tracks replies in flight so a shutdown can finish them, and refuses new work once it has begun.

export class WorkTracker {
  private readonly inFlight = new Set<Promise<unknown>>();
  accepting = true;

  run<T>(task: () => Promise<T>): Promise<T> | undefined {
    if (!this.accepting) return undefined;
    const promise = task();
    this.inFlight.add(promise);
    void promise.finally(() => this.inFlight.delete(promise)).catch(() => {});
    return promise;
  }

  /** Stops taking new work and waits for what is running, at most `timeoutMs`. */
  async drain(timeoutMs: number): Promise<void> {
    this.accepting = false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.allSettled([...this.inFlight]), timeout]);
    clearTimeout(timer);
  }

  get size(): number {
    return this.inFlight.size;
  }
}
