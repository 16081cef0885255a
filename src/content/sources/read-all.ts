// Reads several sources, in the order given, into one set of posts: a slug belongs to the first source that has it
// (whether its post was read this time or is a last good version kept), and each source's outcome (read, unchanged,
// failed and why) is kept for the report.
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

/** A post served before, as the caller keeps it: enough to claim its slug. */
export interface KeptPost {
  slug: string;
  file: string;
}

export interface ReadAllOptions<K extends KeptPost = KeptPost> {
  /** The last good change key of each source, by source id (see ContentSource.read). */
  since?: Readonly<Record<string, ChangeKey>>;
  /** Change keys just taken, by source id (see ReadOptions.key). */
  keys?: Readonly<Record<string, ChangeKey>>;
  onPost?: (post: SourcePost) => void;
  /** Progress within the source being read (`source` is its id). */
  onProgress?: (source: string, done: number, total: number) => void;
  /**
   * The last good posts to go on serving for a source, asked right after it is read: all of its posts when it is
   * unchanged or failed, else those whose ids failed this time (`failed`). Their slugs are claimed then, before the
   * next source is read; one whose slug is taken already is not kept. Each kept post is handed to `onKept`.
   */
  lastGood?: (outcome: SourceOutcome, failed: ReadonlySet<string>) => Iterable<K>;
  onKept?: (post: K) => void;
}

/**
 * Never throws for a source that cannot be read: its outcome says why. A post whose slug an earlier source already
 * has (read, or kept through `lastGood`) is a problem of its own.
 */
export async function readSources<K extends KeptPost = KeptPost>(
  sources: readonly ContentSource[],
  options: ReadAllOptions<K> = {},
): Promise<ReadAll> {
  const all: ReadAll = { posts: [], problems: [], drafts: [], outcomes: [] };
  const owners = new Map<string, { file: string; label: string }>();
  for (const source of sources) {
    const since = options.since?.[source.id];
    const key = options.keys?.[source.id];
    let count = 0;
    const take = (post: SourcePost) => {
      const owner = owners.get(post.slug);
      if (owner) {
        all.problems.push({
          file: post.file,
          line: 1,
          reason: `slug "${post.slug}" is already used by ${owner.file} (${owner.label})`,
          id: post.id,
          source: source.id,
        });
        return;
      }
      owners.set(post.slug, { file: post.file, label: source.label });
      count++;
      if (options.onPost) options.onPost(post);
      else all.posts.push(post);
    };
    const result = await source.read({
      ...(since && { since }),
      ...(key && { key }),
      onPost: take,
      ...(options.onProgress && {
        onProgress: (done: number, total: number) => options.onProgress!(source.id, done, total),
      }),
    });
    const base = { source: source.id, label: source.label };
    let outcome: SourceOutcome;
    const failed = new Set<string>();
    if (!result.ok)
      outcome = { ...base, status: 'failed', reason: result.reason, cause: result.cause, posts: 0, notes: [] };
    else if (result.unchanged)
      outcome = { ...base, status: 'unchanged', key: result.key, posts: 0, notes: result.notes };
    else {
      all.problems.push(...result.problems.map((problem) => ({ ...problem, source: source.id })));
      all.drafts.push(...result.drafts.map((draft) => ({ ...draft, source: source.id })));
      outcome = { ...base, status: 'read', key: result.key, posts: count, notes: result.notes };
      // Its posts that failed, in the read or for a slug taken before: their last good versions may be kept.
      for (const problem of all.problems)
        if (problem.source === source.id && problem.id !== undefined) failed.add(problem.id);
    }
    all.outcomes.push(outcome);
    for (const kept of options.lastGood?.(outcome, failed) ?? []) {
      if (owners.has(kept.slug)) continue;
      owners.set(kept.slug, { file: kept.file, label: source.label });
      options.onKept?.(kept);
    }
  }
  return all;
}
