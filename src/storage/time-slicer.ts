// Cuts long work on the thread that answers questions into slices that give way to the event loop in between.
/** Gives way to the event loop once a slice of work has taken `sliceMs`, so decoding never stalls it for long. */
export function timeSlicer(sliceMs: number): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    since = performance.now();
  };
}
