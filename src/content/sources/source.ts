// The one interface every place a blog lives goes behind (a folder, a feed, a WordPress site): list its posts, read
// them as valid posts plus problems, and tell cheaply whether anything changed. Everything a source returns is
// plain data, so it can cross to a worker thread and back; a source itself is rebuilt there from its spec string.
import type { Post, Problem } from '../post.js';

export type SourceKind = 'folder' | 'feed' | 'wordpress' | 'site' | 'wxr';

/** Why a whole source could not be read this time. Its posts' last good versions should keep being served. */
export type FailureCause =
  /** The spec or an address in it is not usable (not http(s), unparsable). */
  | 'address'
  /** The server's name does not resolve. */
  | 'dns'
  /** Nothing listens at the address. */
  | 'refused'
  /** The connection failed otherwise (reset, unreachable, TLS). */
  | 'network'
  /** No full answer within the time allowed (FETCH_TIMEOUT). */
  | 'timeout'
  /** The answer is over the size cap (FETCH_MAX_BYTES); it was cut off, not read to the end. */
  | 'too-large'
  /** More than 5 redirects, or a redirect to something other than http(s). */
  | 'redirect'
  /** The server answered with an HTTP error status (404, 500…). */
  | 'http-status'
  /** The XML is not well-formed; nothing of it was used (never a partial feed). */
  | 'malformed'
  /** The XML declares entities in a DOCTYPE (an entity-expansion bomb, say): refused, never expanded. */
  | 'entity'
  /** The answer is not a feed (RSS, Atom, JSON Feed) or not a WordPress posts list. */
  | 'not-a-feed'
  /** A web page that names no feed and no WordPress API. */
  | 'no-feed-found'
  /** The content folder is missing or cannot be read. */
  | 'folder';

/** A whole source failed: `reason` is one sentence for the owner, naming the cause in plain words. */
export interface SourceFailure {
  ok: false;
  cause: FailureCause;
  reason: string;
}

/** HTTP validators remembered from the last answer, sent back so that an unchanged resource costs a 304. */
export interface Validators {
  etag?: string;
  lastModified?: string;
}

/**
 * What a source looked like, cheaply taken: equal `key`s mean read() would give the same posts. Plain data: keep
 * the last one (in the snapshot, say) and hand it back as `since`.
 */
export interface ChangeKey {
  /**
   * Opaque; compare for equality only. Includes the source's options (SITE_URL, PERMALINK), so changing them is a
   * change.
   */
  key: string;
  /**
   * Taken while files were being written (a folder): the key may miss an edit in the same clock tick, so save nothing
   * under it.
   */
  racy?: boolean;
  /**
   * How many items the source holds (files, posts) when the key tells it: lets a caller choose a worker thread for big
   * blogs.
   */
  entries?: number;
  /** About how many bytes of text reading will give, when known: room to reserve. */
  bytes?: number;
  /** For web sources: the validators of the answer the key was taken from (sent with the next request). */
  validators?: Validators;
}

/** A post as a source gives it: a Post, plus where it comes from, which is what its last good version is kept under. */
export interface SourcePost extends Post {
  /** The id of the source it comes from (ContentSource.id). */
  source: string;
  /**
   * Its id within the source, stable across edits: the file path for a folder, the WordPress post id, the feed
   * item's guid/id (else its link). Keep a post's last good version under (source, id), never under its file or slug.
   */
  id: string;
}

/**
 * A problem with one file or item; `id` names the post it is about when known, so its last good version can be kept.
 */
export interface SourceProblem extends Problem {
  id?: string;
}

/** One post as list() gives it: enough to tell posts apart and name them, without reading or converting bodies. */
export interface ListedPost {
  /** As SourcePost.id. */
  id: string;
  /** The file (folder) or the post's address (web). */
  where: string;
  /** As written by the source (YYYY-MM-DD, RFC 822, ISO), when the listing has it. */
  date?: string;
  title?: string;
}

export type ListResult = { ok: true; key: ChangeKey; posts: ListedPost[] } | SourceFailure;

/** A source read whole: its valid posts, the files or items that failed, drafts, and notes for the report. */
export interface SourceRead {
  ok: true;
  unchanged: false;
  /** The change key taken before reading: a change made during the read shows up as a different key next time. */
  key: ChangeKey;
  /** The valid posts, in the source's order; empty when they were handed to `onPost` instead. */
  posts: SourcePost[];
  /** Files or items that failed, each with its reason (a web item without a title or link is skipped with one). */
  problems: SourceProblem[];
  /** Valid but not served yet (draft: true). */
  drafts: SourceProblem[];
  /** Lines for the owner's report, e.g. which text a feed gave (full text or summaries). */
  notes: string[];
}

/** Nothing changed since `since` (a 304, or an equal key): keep serving the last good posts. */
export interface SourceUnchanged {
  ok: true;
  unchanged: true;
  key: ChangeKey;
  notes: string[];
}

export type ReadResult = SourceRead | SourceUnchanged | SourceFailure;

export interface ReadOptions {
  /**
   * The key of the last good read: when the source is unchanged since, read() answers SourceUnchanged without reading.
   */
  since?: ChangeKey;
  /**
   * A change key the caller has just taken with changeKey(): a source that can (a folder) reads under it instead of
   * taking another (a second scan of a big folder). Taken before reading, like the one read() would take.
   */
  key?: ChangeKey;
  /** Each valid post as soon as it is read (then not kept in `posts`): a big blog's text never sits in memory whole. */
  onPost?: (post: SourcePost) => void;
  /** Progress through the source's items (files, feed items, WordPress pages). */
  onProgress?: (done: number, total: number) => void;
}

export interface ContentSource {
  /**
   * Stable id, the same every time the same spec is given: `folder:/abs/path`, `feed:https://…`,
   * `wordpress:https://…`, `site:https://…`. Posts' last good versions are kept under it (see SourcePost).
   */
  readonly id: string;
  readonly kind: SourceKind;
  /**
   * The spec in canonical form (a folder's path made absolute): createSource(spec, options) in another thread rebuilds
   * this source.
   */
  readonly spec: string;
  /** For people: the folder or the address. */
  readonly label: string;
  /**
   * Cheap look at whether the source changed: a folder is scanned (sizes, modification times); a feed is asked with
   * its validators (a 304 keeps `since`, else the items are hashed); WordPress is asked for its post count and
   * newest modification. An unchanged source answers a key equal to `since`.
   */
  changeKey(since?: ChangeKey): Promise<{ ok: true; key: ChangeKey } | SourceFailure>;
  /** The posts' ids, places and (where cheap) titles and dates, without reading or converting their bodies. */
  list(): Promise<ListResult>;
  /** Reads every post. Never throws for bad content or a failed fetch: those are values. */
  read(options?: ReadOptions): Promise<ReadResult>;
}

/**
 * Thrown where reading nothing at all is not an option (a library's first read, a reload): every source failed.
 * The message is one sentence per source, naming why. ContentFolderError (a folder that cannot be read) is one.
 */
export class SourceError extends Error {}

export function failure(cause: FailureCause, reason: string): SourceFailure {
  return { ok: false, cause, reason };
}
