// Reads several sources, in the order given, into one set of posts: a slug belongs to the first source that has it,
// and each source's outcome (read, unchanged, failed and why) is kept for the report.
import type { ChangeKey, ContentSource, FailureCause, SourcePost, SourceProblem } from './source.js';

export interface SourceOutcome {
  /** The source's id. */
  source: string;
  label: string;
  /** 'unchanged' and 'failed': serve this source's last good posts (none of them are in `posts`). */
  status: 'read' | 'unchanged' | 'failed';
  /** The change key to remember (and hand back as `since`) when read or unchanged. */
  key?: ChangeKey;
  /** Why it failed, one sentence naming the cause; and the cause itself. */
  reason?: string;
  cause?: FailureCause;
  /** Posts read from it this time. */
  posts: number;
  notes: string[];
}

/** A problem, with the id of the source it was found in. */
export type SourcedProblem = SourceProblem & { source: string };

export interface ReadAll {
  /** Valid posts of the sources read, in source order; empty when handed to `onPost`. */
  posts: SourcePost[];
  problems: SourcedProblem[];
  drafts: SourcedProblem[];
  outcomes: SourceOutcome[];
}

export interface ReadAllOptions {
  /** The last good change key of each source, by source id (see ContentSource.read). */
  since?: Readonly<Record<string, ChangeKey>>;
  onPost?: (post: SourcePost) => void;
  /** Progress within the source being read (`source` is its id). */
  onProgress?: (source: string, done: number, total: number) => void;
}

/**
 * Never throws for a source that cannot be read: its outcome says why. A post whose slug an earlier source already
 * has is a problem of its own. Slugs of sources that are unchanged or failed are not known here: the caller, which
 * keeps their last good posts, decides between those and the posts read.
 */
export async function readSources(sources: readonly ContentSource[], options: ReadAllOptions = {}): Promise<ReadAll> {
  const all: ReadAll = { posts: [], problems: [], drafts: [], outcomes: [] };
  const owners = new Map<string, { file: string; label: string }>();
  for (const source of sources) {
    const since = options.since?.[source.id];
    let count = 0;
    const take = (post: SourcePost) => {
      const owner = owners.get(post.slug);
      if (owner) {
        all.problems.push({ file: post.file, line: 1, reason: `slug "${post.slug}" is already used by ${owner.file} (${owner.label})`, id: post.id, source: source.id });
        return;
      }
      owners.set(post.slug, { file: post.file, label: source.label });
      count++;
      if (options.onPost) options.onPost(post);
      else all.posts.push(post);
    };
    const result = await source.read({
      ...(since && { since }),
      onPost: take,
      ...(options.onProgress && { onProgress: (done: number, total: number) => options.onProgress!(source.id, done, total) }),
    });
    const base = { source: source.id, label: source.label };
    if (!result.ok) {
      all.outcomes.push({ ...base, status: 'failed', reason: result.reason, cause: result.cause, posts: 0, notes: [] });
      continue;
    }
    if (result.unchanged) {
      all.outcomes.push({ ...base, status: 'unchanged', key: result.key, posts: 0, notes: result.notes });
      continue;
    }
    all.problems.push(...result.problems.map((problem) => ({ ...problem, source: source.id })));
    all.drafts.push(...result.drafts.map((draft) => ({ ...draft, source: source.id })));
    all.outcomes.push({ ...base, status: 'read', key: result.key, posts: count, notes: result.notes });
  }
  return all;
}
