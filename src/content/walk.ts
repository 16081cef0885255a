// The one walker deciding which files of a content folder count, and the cheap scan (sizes, times) built on it that
// tells whether the folder changed without reading it. Loading and the snapshot's scan both go through here.
import { createHash } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Markdown files as static-site generators name them: `.md` (all), `.markdown` (Hugo, Jekyll, Eleventy) and `.mdx`
 * (Astro, Docusaurus; its JSX is stripped when read).
 */
const CONTENT_FILE = /\.(md|markdown|mdx)$/i;

/** Hugo's `_index.md` is a section's list page, not a post. */
const LIST_PAGE = /^_index\.(md|markdown|mdx)$/i;

/** Whether a file of this name can be a post. */
export function isContentFile(name: string): boolean {
  return CONTENT_FILE.test(name) && !LIST_PAGE.test(name);
}

/** Dot-files and folders (.git, .obsidian) and node_modules are never content. */
function isSkipped(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules';
}

export type ContentEntry =
  /** A regular file that counts as a post. */
  | { kind: 'file'; file: string }
  /**
   * A symbolic link that would be a post or a folder: reported, never followed (nothing outside the folder is read).
   * `target` is what it points to now, so a scan sees a link re-aimed.
   */
  | { kind: 'link'; file: string; target: 'file' | 'folder' | 'dangling' }
  /** A sub-folder that cannot be listed (`code` is the system's error code, e.g. EACCES). */
  | { kind: 'unreadable'; file: string; code: string };

/**
 * Yields every entry of the folder `root` (a real path, see realpath) that loading looks at, recursively, paths
 * relative to it with forward slashes, in directory order (callers sort). Throws only when `root` itself cannot be
 * listed; an unreadable sub-folder is an entry.
 */
export async function* walkContentFolder(root: string): AsyncGenerator<ContentEntry> {
  yield* walkEntries(root, '', await readdir(root, { withFileTypes: true }));
}

async function* walkEntries(root: string, relative: string, entries: Dirent[]): AsyncGenerator<ContentEntry> {
  for (const entry of entries) {
    if (isSkipped(entry.name)) continue;
    const file = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isSymbolicLink()) {
      // stat() only looks at what the link points to; nothing behind it is read.
      const target = await stat(path.join(root, file)).then(
        (stats) => (stats.isDirectory() ? 'folder' : 'file'),
        () => 'dangling' as const,
      );
      if (isContentFile(entry.name) || target === 'folder') yield { kind: 'link', file, target };
    } else if (entry.isDirectory()) {
      let inner: Dirent[];
      try {
        inner = await readdir(path.join(root, file), { withFileTypes: true });
      } catch (error) {
        // One unreadable sub-folder must not stop the others from being served.
        yield { kind: 'unreadable', file: `${file}/`, code: (error as NodeJS.ErrnoException).code ?? 'unknown error' };
        continue;
      }
      yield* walkEntries(root, file, inner);
    } else if (entry.isFile() && isContentFile(entry.name)) {
      yield { kind: 'file', file };
    }
  }
}

/**
 * File times come from a coarse clock: a file rewritten (same size) within the same tick keeps its time. A scan
 * that sees a file changed this recently is "racy" (git's word): nothing should be saved under its key.
 */
export const RACY_MS = 2000;
const STAT_BATCH = 128;

export interface ContentScan {
  /**
   * A digest of every entry the walker yields, with each file's size, modification time and mode: any change that could
   * change what is served changes it.
   */
  key: string;
  /** How many entries the walker yielded. */
  entries: number;
  /** Total size of the content files: room to reserve for the posts' text (about as long as their Markdown). */
  markdownBytes: number;
  /** Some file changed less than RACY_MS before the scan: a snapshot of it could miss a later same-size edit. */
  racy: boolean;
}

/**
 * Scans the folder through walkContentFolder, lstat-ing each file that counts (in batches): cheap, and exactly the
 * files loading reads, so editing an unrelated file (a .txt, an image) does not look like a change. Throws when
 * the folder itself cannot be read.
 */
export async function scanContentFolder(dir: string): Promise<ContentScan> {
  const started = Date.now();
  const root = await realpath(dir);
  let newest = 0;
  let markdownBytes = 0;
  // Each entry's own hash is added into one sum, in any order: no sorting nor one long string at 100k files, which
  // would stall the event loop when a reload scans the folder.
  const sum = new Uint32Array(8);
  let count = 0;
  const add = (row: Array<string | number>) => {
    const digest = createHash('sha256').update(JSON.stringify(row)).digest();
    for (let i = 0; i < 8; i++) sum[i] = (sum[i]! + digest.readUInt32LE(i * 4)) >>> 0;
    count++;
  };
  let batch: string[] = [];
  const statBatch = async () => {
    const files = batch;
    batch = [];
    await Promise.all(
      files.map(async (file) => {
        try {
          const stats = await lstat(path.join(root, file));
          newest = Math.max(newest, stats.mtimeMs);
          markdownBytes += stats.size;
          add([file, 'file', stats.size, stats.mtimeMs, stats.mode]);
        } catch (error) {
          add([file, 'gone', (error as NodeJS.ErrnoException).code ?? 'error']);
        }
      }),
    );
  };
  for await (const entry of walkContentFolder(root)) {
    if (entry.kind === 'file') {
      batch.push(entry.file);
      if (batch.length >= STAT_BATCH) await statBatch();
    } else {
      add([entry.file, entry.kind, entry.kind === 'link' ? entry.target : entry.code]);
    }
  }
  await statBatch();
  const key = `${count}:${Buffer.from(sum.buffer).toString('hex')}`;
  return { key, entries: count, markdownBytes, racy: newest > started - RACY_MS };
}
