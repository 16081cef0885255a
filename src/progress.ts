// Progress a person can see on standard error, only when loading takes long enough to wonder (over a second).
import type { BuildPhase } from './storage/build.js';

export function progressReporter(write: (line: string) => void = (line) => process.stderr.write(line), now: () => number = Date.now) {
  const started = now();
  let lastShown = 0;
  let lastPhase = '';
  return (phase: BuildPhase, done: number, total: number) => {
    const at = now();
    if (at - started < 1000) return;
    if (phase === lastPhase && at - lastShown < 500 && done !== total) return;
    lastShown = at;
    lastPhase = phase;
    write(`${phase === 'loading' ? 'Loading the saved index' : 'Reading and indexing posts'}: ${done}/${total} posts\n`);
  };
}
