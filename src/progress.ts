// Progress a person can see on standard error, only when loading takes long enough to wonder (over a second).

export function progressReporter(write: (line: string) => void = (line) => process.stderr.write(line), now: () => number = Date.now) {
  const started = now();
  let lastShown = 0;
  let lastPhase = '';
  return (phase: 'reading' | 'indexing', done: number, total: number) => {
    const at = now();
    if (at - started < 1000) return;
    if (phase === lastPhase && at - lastShown < 500 && done !== total) return;
    lastShown = at;
    lastPhase = phase;
    write(`${phase === 'reading' ? 'Reading posts' : 'Indexing posts'}: ${done}/${total}\n`);
  };
}
