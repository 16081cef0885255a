// Reads a content folder (recursively, never leaving it) into valid posts plus problems for the files that failed.
import { constants } from 'node:fs';
import { lstat, open, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { MAX_POST_BYTES, parsePost, type ParsedFile } from './parse-post.js';
import { SourceError } from './sources/source.js';
import type { FolderConventions } from './permalink.js';
import type { Post, Problem } from './post.js';
import { walkContentFolder } from './walk.js';

export interface LoadedContent {
  posts: Post[];
  problems: Problem[];
  /** Valid files that are not served yet (draft: true). */
  drafts: Problem[];
}

export type Progress = (done: number, total: number) => void;

/** Thrown when the folder itself cannot be read: the message is one sentence for the user. */
export class ContentFolderError extends SourceError {}

/**
 * With `onPost`, each valid post is handed over as soon as it is read (in file order) and not kept in `posts`: a big
 * folder's Markdown never sits in memory whole. `conventions` (SITE_URL, PERMALINK) give posts without `url` one.
 */
export async function loadContent(
  dir: string,
  onProgress?: Progress,
  onPost?: (post: Post) => void,
  conventions: FolderConventions = {},
): Promise<LoadedContent> {
  const root = await openFolder(dir);
  const problems: Problem[] = [];
  let files: string[];
  try {
    files = await listMarkdown(root, problems);
  } catch (error) {
    // The folder went away (or lost its permissions) between opening and listing it.
    throw folderError(dir, error);
  }
  files.sort();

  const posts: Post[] = [];
  const drafts: Problem[] = [];
  const bySlug = new Map<string, string>();
  let done = 0;
  for (const file of files) {
    const parsed = await readOne(root, file, conventions);
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
      if (onPost) onPost(parsed.post);
      else posts.push(parsed.post);
    }
  }
  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return { posts, problems, drafts };
}

async function openFolder(dir: string): Promise<string> {
  try {
    const stats = await lstat(dir);
    if (!stats.isDirectory() && !stats.isSymbolicLink())
      throw new ContentFolderError(`The content folder ${dir} is not a folder.`);
    const real = await realpath(dir);
    await readdir(real);
    return real;
  } catch (error) {
    throw folderError(dir, error);
  }
}

/** The one sentence for a content folder that cannot be used (missing, not a folder, no permission). */
export function folderError(dir: string, error: unknown): ContentFolderError {
  if (error instanceof ContentFolderError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new ContentFolderError(`The content folder ${dir} does not exist.`);
  if (code === 'ENOTDIR') return new ContentFolderError(`The content folder ${dir} is not a folder.`);
  if (code === 'EACCES' || code === 'EPERM')
    return new ContentFolderError(`The content folder ${dir} cannot be read (permission denied).`);
  return new ContentFolderError(`The content folder ${dir} cannot be read (${code ?? 'unknown error'}).`);
}

/** The files that count (see walkContentFolder); links and unreadable sub-folders become problems. */
async function listMarkdown(root: string, problems: Problem[]): Promise<string[]> {
  const found: string[] = [];
  for await (const entry of walkContentFolder(root)) {
    if (entry.kind === 'file') found.push(entry.file);
    else if (entry.kind === 'link')
      problems.push({
        file: entry.file,
        line: 1,
        reason: 'symbolic link, not followed (content must be inside the folder)',
      });
    else problems.push({ file: entry.file, line: 1, reason: `folder cannot be read (${entry.code})` });
  }
  return found;
}

async function readOne(root: string, file: string, conventions: FolderConventions): Promise<ParsedFile> {
  const full = path.join(root, file);
  const problem = (reason: string): ParsedFile => ({ kind: 'problem', problem: { file, line: 1, reason } });
  let handle;
  try {
    // O_NOFOLLOW: a file swapped for a symbolic link after listing is refused, not followed.
    handle = await open(full, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    return problem(
      code === 'ELOOP' ? 'symbolic link, not followed (content must be inside the folder)' : `cannot be read (${code})`,
    );
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return problem('not a regular file');
    // A huge file is refused from its size, before reading it.
    if (stats.size > MAX_POST_BYTES) {
      return problem(
        `file is ${(stats.size / 1024 / 1024).toFixed(1)} MB, ` +
          `over the ${MAX_POST_BYTES / 1024 / 1024} MB limit for one post`,
      );
    }
    const bytes = await handle.readFile();
    return parsePost(file, bytes, `${stats.size}:${stats.mtimeMs}`, conventions);
  } catch (error) {
    return problem(`cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`);
  } finally {
    await handle.close();
  }
}
