// Progress a person can see on standard error while posts load, only when loading takes long enough to wonder (over a
// second), and only on a terminal: redirected to a file or a log collector, standard error carries JSON log lines.
import type { BuildPhase } from './storage/build.js';

/** Where progress lines go: a stream that says whether it is a terminal (as process.stderr does). */
export interface ProgressOutput {
  readonly isTTY?: boolean;
  write(line: string): unknown;
}

export function progressReporter(output: ProgressOutput = process.stderr, now: () => number = Date.now) {
  const started = now();
  let lastShown = 0;
  let lastPhase = '';
  return (phase: BuildPhase, done: number, total: number) => {
    if (!output.isTTY) return;
    const at = now();
    if (at - started < 1000) return;
    if (phase === lastPhase && at - lastShown < 500 && done !== total) return;
    lastShown = at;
    lastPhase = phase;
    output.write(
      `${phase === 'loading' ? 'Loading the saved index' : 'Reading and indexing posts'}: ${done}/${total} posts\n`,
    );
  };
}
