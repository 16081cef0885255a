// Makes sources from specs. Everything needed is plain data (spec strings and SourceOptions), so a worker thread
// rebuilds the very sources the main thread has with createSources(specStrings, options). A web source's module
// (feed parsing, HTML conversion: a few hundred milliseconds to load) is imported when the source is first used, so
// a bot over a folder, and each index worker over one, never loads it.
import type { FolderConventions } from '../permalink.js';
import { FolderSource } from './folder.js';
import type { FetchSettings } from './http.js';
import type { ChangeKey, ContentSource, ListResult, ReadOptions, ReadResult, SourceFailure } from './source.js';
import { parseSourceSpec, parseSourceSpecs, webIdentity, type SourceSpec } from './spec.js';

/** How sources read. Plain data: post it to a worker thread as it is. */
export interface SourceOptions {
  /** SITE_URL and PERMALINK, for folders whose posts have no `url`. */
  conventions?: FolderConventions;
  /** FETCH_TIMEOUT, FETCH_MAX_BYTES, User-Agent, for web sources. */
  fetch?: FetchSettings;
}

export function createSource(spec: SourceSpec, options: SourceOptions = {}): ContentSource {
  return spec.kind === 'folder'
    ? new FolderSource(spec.path, options.conventions)
    : new WebSource(spec.kind, spec.url, options.fetch);
}

/** A feed, a WordPress site or a blog's address, its module loaded on first use (see loadWebSource). */
class WebSource implements ContentSource {
  readonly id: string;
  readonly spec: string;
  readonly label: string;
  private source: Promise<ContentSource> | undefined;

  constructor(
    readonly kind: 'feed' | 'wordpress' | 'site',
    private readonly url: string,
    private readonly settings: FetchSettings = {},
  ) {
    ({ id: this.id, spec: this.spec, label: this.label } = webIdentity(kind, url));
  }

  async changeKey(since?: ChangeKey): Promise<{ ok: true; key: ChangeKey } | SourceFailure> {
    return (await this.loaded()).changeKey(since);
  }

  async list(): Promise<ListResult> {
    return (await this.loaded()).list();
  }

  async read(options?: ReadOptions): Promise<ReadResult> {
    return (await this.loaded()).read(options);
  }

  private loaded(): Promise<ContentSource> {
    this.source ??= loadWebSource(this.kind, this.url, this.settings);
    return this.source;
  }
}

async function loadWebSource(
  kind: 'feed' | 'wordpress' | 'site',
  url: string,
  settings: FetchSettings,
): Promise<ContentSource> {
  switch (kind) {
    case 'feed':
      return new (await import('./feed.js')).FeedSource(url, settings);
    case 'wordpress':
      return new (await import('./wordpress.js')).WordPressSource(url, settings);
    case 'site':
      return new (await import('./discover.js')).SiteSource(url, settings);
  }
}
/**
 * Sources from a CONTENT_SOURCE value (specs separated by commas), or from a list of single specs (as sources'
 * `spec`s, which a worker thread is given: a folder's path may hold a comma), or the sentence saying what is wrong.
 */
export function createSources(
  specs: string | readonly string[],
  options: SourceOptions & { baseDir?: string } = {},
): { ok: true; sources: ContentSource[] } | { ok: false; error: string } {
  if (typeof specs === 'string') {
    const parsed = parseSourceSpecs(specs, options.baseDir);
    if (!parsed.ok) return parsed;
    return { ok: true, sources: parsed.specs.map((spec) => createSource(spec, options)) };
  }
  const sources: ContentSource[] = [];
  for (const text of specs) {
    const spec = parseSourceSpec(text, options.baseDir);
    if (typeof spec === 'string') return { ok: false, error: spec };
    sources.push(createSource(spec, options));
  }
  return { ok: true, sources };
}
