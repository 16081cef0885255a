// Reads a content folder (recursively, never leaving it) into valid posts plus problems for the files that failed.
import { lstat, readdir, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { parsePost } from './parse-post.js';
import type { Post, Problem } from './post.js';

export interface LoadedContent {
  posts: Post[];
  problems: Problem[];
  /** Valid files that are not served yet (draft: true). */
  drafts: Problem[];
}

export type Progress = (done: number, total: number) => void;

/** Thrown when the folder itself cannot be read: the message is one sentence for the user. */
export class ContentFolderError extends Error {}

export async function loadContent(dir: string, onProgress?: Progress): Promise<LoadedContent> {
  const root = await openFolder(dir);
  const problems: Problem[] = [];
  const files = await listMarkdown(root, '', problems);
  files.sort();

  const posts: Post[] = [];
  const drafts: Problem[] = [];
  const bySlug = new Map<string, string>();
  let done = 0;
  for (const file of files) {
    const parsed = await readOne(root, file);
    onProgress?.(++done, files.length);
    if (parsed.kind === 'problem') problems.push(parsed.problem);
    else if (parsed.kind === 'draft') drafts.push(parsed.problem);
    else {
      const owner = bySlug.get(parsed.post.slug);
      if (owner) {
        problems.push({ file, line: 1, reason: `slug "${parsed.post.slug}" is already used by ${owner}` });
        continue;
      }
      bySlug.set(parsed.post.slug, file);
      posts.push(parsed.post);
    }
  }
  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return { posts, problems, drafts };
}

async function openFolder(dir: string): Promise<string> {
  try {
    const stats = await lstat(dir);
    if (!stats.isDirectory() && !stats.isSymbolicLink()) throw new ContentFolderError(`The content folder ${dir} is not a folder.`);
    const real = await realpath(dir);
    await readdir(real);
    return real;
  } catch (error) {
    if (error instanceof ContentFolderError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ContentFolderError(`The content folder ${dir} does not exist.`);
    if (code === 'EACCES' || code === 'EPERM') throw new ContentFolderError(`The content folder ${dir} cannot be read (permission denied).`);
    throw new ContentFolderError(`The content folder ${dir} cannot be read (${code ?? 'unknown error'}).`);
  }
}

// Symbolic links are reported and never followed, so nothing outside the folder is ever read.
async function listMarkdown(root: string, relative: string, problems: Problem[]): Promise<string[]> {
  const entries = await readdir(path.join(root, relative), { withFileTypes: true });
  const found: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const file = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isSymbolicLink()) {
      if (/\.md$/i.test(entry.name)) problems.push({ file, line: 1, reason: 'symbolic link, not followed (content must be inside the folder)' });
    } else if (entry.isDirectory()) {
      found.push(...(await listMarkdown(root, file, problems)));
    } else if (entry.isFile() && /\.md$/i.test(entry.name)) {
      found.push(file);
    }
  }
  return found;
}

async function readOne(root: string, file: string) {
  const full = path.join(root, file);
  try {
    const stats = await lstat(full);
    const bytes = await readFile(full);
    return parsePost(file, bytes, `${stats.size}:${stats.mtimeMs}`);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    return { kind: 'problem' as const, problem: { file, line: 1, reason: `cannot be read (${code})` } };
  }
}
