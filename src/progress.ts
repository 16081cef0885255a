// Progress a person can see on standard error, only when loading takes long enough to wonder (over a second).

export function progressReporter(write: (line: string) => void = (line) => process.stderr.write(line)) {
  const started = Date.now();
  let lastShown = 0;
  let lastPhase = '';
  return (phase: 'reading' | 'indexing', done: number, total: number) => {
    const now = Date.now();
    if (now - started < 1000) return;
    if (phase === lastPhase && now - lastShown < 500 && done !== total) return;
    lastShown = now;
    lastPhase = phase;
    write(`${phase === 'reading' ? 'Reading posts' : 'Indexing posts'}: ${done}/${total}\n`);
  };
}
