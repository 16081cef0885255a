// Telling whether the content folder changed, without reading it: the change key a snapshot is checked against.
import { createHash } from 'node:crypto';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

const STAT_BATCH = 128;
/**
 * File times come from a coarse clock: a file rewritten (same size) within the same tick keeps its time. A scan
 * that sees an entry changed this recently is "racy" (git's word): no snapshot is made from it.
 */
export const RACY_MS = 2000;

export interface FolderScan {
  /** A digest of every entry's path, type, size, modification time and mode: any change to one changes it. */
  key: string;
  entries: number;
  /** Total size of the Markdown files: room to reserve for the posts' text (about as long as their Markdown). */
  markdownBytes: number;
  /** Some entry changed less than RACY_MS before the scan: a snapshot of it could miss a later same-size edit. */
  racy: boolean;
}

/**
 * Every entry the loader could look at (all but dot-files and node_modules, recursively), each with its type,
 * size, modification time and mode: cheap (lstat only) and a superset of what loading reads, so any change that
 * could change what is served changes the scan.
 */
export async function scanFolder(dir: string): Promise<FolderScan> {
  const started = Date.now();
  let newest = 0;
  let markdownBytes = 0;
  const root = await realpath(dir);
  // Each entry's own hash is added into one sum, in any order: no sorting nor one long string at 100k files, which
  // would stall the event loop when a reload scans the folder.
  const sum = new Uint32Array(8);
  let count = 0;
  const add = (row: Array<string | number>) => {
    const digest = createHash('sha256').update(JSON.stringify(row)).digest();
    for (let i = 0; i < 8; i++) sum[i] = (sum[i]! + digest.readUInt32LE(i * 4)) >>> 0;
    count++;
  };
  const walk = async (relative: string): Promise<void> => {
    let listing;
    try {
      listing = await readdir(path.join(root, relative), { withFileTypes: true });
    } catch (error) {
      add([relative, 'unreadable', (error as NodeJS.ErrnoException).code ?? 'error']);
      return;
    }
    const names = listing.filter((entry) => !entry.name.startsWith('.') && entry.name !== 'node_modules');
    const folders: string[] = [];
    for (let i = 0; i < names.length; i += STAT_BATCH) {
      await Promise.all(
        names.slice(i, i + STAT_BATCH).map(async (entry) => {
          const file = relative ? `${relative}/${entry.name}` : entry.name;
          const full = path.join(root, file);
          try {
            const stats = await lstat(full);
            if (!stats.isDirectory()) newest = Math.max(newest, stats.mtimeMs);
            const kind = stats.isSymbolicLink() ? 'link' : stats.isDirectory() ? 'dir' : stats.isFile() ? 'file' : 'other';
            const row: Array<string | number> = [file, kind, stats.size, stats.mtimeMs, stats.mode];
            if (kind === 'link') row.push(await stat(full).then((target) => (target.isDirectory() ? 'to-dir' : 'to-file'), () => 'dangling'));
            if (kind === 'dir') folders.push(file);
            if (kind === 'file' && /\.md$/i.test(entry.name)) markdownBytes += stats.size;
            add(row);
          } catch (error) {
            add([file, 'gone', (error as NodeJS.ErrnoException).code ?? 'error']);
          }
        }),
      );
    }
    for (const folder of folders) await walk(folder);
  };
  await walk('');
  const key = `${count}:${Buffer.from(sum.buffer).toString('hex')}`;
  return { key, entries: count, markdownBytes, racy: newest > started - RACY_MS };
}
