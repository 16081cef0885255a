// A folder of Markdown files as a content source: what loadContent reads (through the one walker), its change key
// the folder's scan (sizes and modification times of the files that count) plus the conventions it is read with.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { ContentFolderError, folderError, loadContent } from '../load.js';
import type { FolderConventions } from '../permalink.js';
import { scanContentFolder, walkContentFolder } from '../walk.js';
import { realpath } from 'node:fs/promises';
import {
  failure,
  type ChangeKey,
  type ContentSource,
  type ListResult,
  type ReadOptions,
  type ReadResult,
  type SourceFailure,
  type SourcePost,
  type SourceProblem,
} from './source.js';

export class FolderSource implements ContentSource {
  readonly kind = 'folder';
  readonly id: string;
  readonly spec: string;
  readonly label: string;
  private readonly conventionsKey: string;

  /** `dir` is made absolute (against the working folder) so that the id and spec mean the same in any thread. */
  constructor(
    dir: string,
    private readonly conventions: FolderConventions = {},
  ) {
    this.spec = path.resolve(dir);
    this.id = `folder:${this.spec}`;
    this.label = dir;
    // SITE_URL and PERMALINK change posts' addresses without touching a file: they are part of the key.
    this.conventionsKey = createHash('sha256')
      .update(JSON.stringify([conventions.siteUrl ?? null, conventions.permalink ?? null]))
      .digest('base64url')
      .slice(0, 12);
  }

  async changeKey(): Promise<{ ok: true; key: ChangeKey } | SourceFailure> {
    try {
      const scan = await scanContentFolder(this.spec);
      return {
        ok: true,
        key: {
          key: `folder:${this.conventionsKey}:${scan.key}`,
          racy: scan.racy,
          entries: scan.entries,
          bytes: scan.markdownBytes,
        },
      };
    } catch (error) {
      return failure('folder', folderError(this.label, error).message);
    }
  }

  async list(): Promise<ListResult> {
    const key = await this.changeKey();
    if (!key.ok) return key;
    const files: string[] = [];
    try {
      for await (const entry of walkContentFolder(await realpath(this.spec)))
        if (entry.kind === 'file') files.push(entry.file);
    } catch (error) {
      return failure('folder', folderError(this.label, error).message);
    }
    return { ok: true, key: key.key, posts: files.sort().map((file) => ({ id: file, where: file })) };
  }

  async read(options: ReadOptions = {}): Promise<ReadResult> {
    const key = options.key ? { ok: true as const, key: options.key } : await this.changeKey();
    if (!key.ok) return key;
    if (options.since && options.since.key === key.key.key)
      return { ok: true, unchanged: true, key: key.key, notes: [] };
    const ours = (post: Omit<SourcePost, 'source' | 'id'>): SourcePost => ({ ...post, source: this.id, id: post.file });
    const keyed = (problem: SourceProblem): SourceProblem => ({ ...problem, id: problem.file });
    try {
      const loaded = await loadContent(
        this.label,
        options.onProgress,
        options.onPost && ((post) => options.onPost!(ours(post))),
        this.conventions,
      );
      return {
        ok: true,
        unchanged: false,
        key: key.key,
        posts: loaded.posts.map(ours),
        problems: loaded.problems.map(keyed),
        drafts: loaded.drafts.map(keyed),
        notes: [],
      };
    } catch (error) {
      if (error instanceof ContentFolderError) return failure('folder', error.message);
      throw error;
    }
  }
}
