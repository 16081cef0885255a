// The benchmark's corpora: the essays alone, the essays with the 500 Brown samples, and 10k / 100k recombined posts
// with the essays. Generated (seeded, deterministic) into the temp folder, never into the project; reused while the
// parameters they were made with are the same.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBrownPosts, type BrownMode } from '../scripts/corpus/brown.js';

export const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ESSAYS = path.join(PROJECT, 'content');
export const BENCH_DIR = path.join(os.tmpdir(), 'blogbot-bench');

export interface CorpusSpec {
  /** As given on the command line: essays, 500, 10k, 100k (or any N / Nk). */
  name: string;
  mode: BrownMode | 'essays';
  count: number;
}

export function parseSize(name: string): CorpusSpec {
  if (name === 'essays') return { name, mode: 'essays', count: 0 };
  if (name === '500') return { name, mode: 'samples', count: 500 };
  const match = /^(\d+)(k?)$/i.exec(name);
  if (!match) throw new Error(`unknown size "${name}" (essays, 500, 10k, 100k or a number)`);
  const count = Number(match[1]) * (match[2] ? 1000 : 1);
  return { name, mode: count <= 500 ? 'samples' : 'recombined', count };
}

const SEED = 1;
const MARKER = '.blogbot-bench.json';

/** The corpus folder for a size, generated if missing or made with other parameters. */
export async function prepareCorpus(spec: CorpusSpec, log: (line: string) => void): Promise<string> {
  if (spec.mode === 'essays') return ESSAYS;
  const dir = path.join(BENCH_DIR, `corpus-${spec.name}`);
  const essays = (await readdir(ESSAYS)).filter((name) => name.endsWith('.md')).sort();
  const wanted = JSON.stringify({ mode: spec.mode, count: spec.count, seed: SEED, essays });
  if (existsSync(path.join(dir, MARKER)) && (await readFile(path.join(dir, MARKER), 'utf8')) === wanted) return dir;
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const started = Date.now();
  let shown = 0;
  await writeBrownPosts(dir, {
    count: spec.count,
    mode: spec.mode,
    seed: SEED,
    onProgress: (done, total) => {
      if (Date.now() - shown > 2000 || done === total) {
        shown = Date.now();
        log(`corpus ${spec.name}: ${done}/${total} posts`);
      }
    },
  });
  for (const name of essays) await copyFile(path.join(ESSAYS, name), path.join(dir, name));
  // Fixed, old modification times: the corpus is the same on every machine, and never "just edited" (blogbot does not
  // snapshot a folder whose files changed in the last seconds, see RACY_MS in src/storage/folder-scan.ts).
  const when = new Date('2024-01-01T00:00:00Z');
  const names = await readdir(dir);
  for (let i = 0; i < names.length; i += 256)
    await Promise.all(names.slice(i, i + 256).map((name) => utimes(path.join(dir, name), when, when)));
  await writeFile(path.join(dir, MARKER), wanted);
  log(`corpus ${spec.name}: written to ${dir} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return dir;
}
