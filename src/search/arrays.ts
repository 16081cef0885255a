// Mapping an array on the search's hot path so that the result has the same shape whoever runs the code, V8's
// interpreter or its optimizing compiler.
//
// `items.map(f)` returns a packed array when the interpreter runs it, but a holey one once TurboFan has compiled the
// caller (it inlines map and allocates the result at its full length first). Every function that reads such an array
// was compiled for the one kind it had seen, so when a producer got optimized (late: a function run once a question
// needs hundreds of questions) its readers were deoptimized ("wrong map") and compiled again, and so on down the
// line: deopts kept coming for the first few thousand questions. An array built by push is packed in every tier.

/** `items.map(f)`, always as a packed array (see above). */
export function mapped<T, U>(items: readonly T[], f: (item: T, index: number) => U): U[] {
  const out: U[] = [];
  for (let i = 0; i < items.length; i++) out.push(f(items[i]!, i));
  return out;
}
