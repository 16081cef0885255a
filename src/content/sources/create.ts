// Makes sources from specs. Everything needed is plain data (spec strings and SourceOptions), so a worker thread
// rebuilds the very sources the main thread has with createSources(specStrings, options).
import type { FolderConventions } from '../permalink.js';
import { SiteSource } from './discover.js';
import { FeedSource } from './feed.js';
import { FolderSource } from './folder.js';
import type { FetchSettings } from './http.js';
import type { ContentSource } from './source.js';
import { parseSourceSpec, parseSourceSpecs, type SourceSpec } from './spec.js';
import { WordPressSource } from './wordpress.js';

/** How sources read. Plain data: post it to a worker thread as it is. */
export interface SourceOptions {
  /** SITE_URL and PERMALINK, for folders whose posts have no `url`. */
  conventions?: FolderConventions;
  /** FETCH_TIMEOUT, FETCH_MAX_BYTES, User-Agent, for web sources. */
  fetch?: FetchSettings;
}

export function createSource(spec: SourceSpec, options: SourceOptions = {}): ContentSource {
  switch (spec.kind) {
    case 'folder':
      return new FolderSource(spec.path, options.conventions);
    case 'feed':
      return new FeedSource(spec.url, options.fetch);
    case 'wordpress':
      return new WordPressSource(spec.url, options.fetch);
    case 'site':
      return new SiteSource(spec.url, options.fetch);
  }
}

/**
 * Sources from a CONTENT_SOURCE value (specs separated by commas), or from a list of single specs (as sources'
 * `spec`s, which a worker thread is given: a folder's path may hold a comma), or the sentence saying what is wrong.
 */
export function createSources(specs: string | readonly string[], options: SourceOptions & { baseDir?: string } = {}): { ok: true; sources: ContentSource[] } | { ok: false; error: string } {
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
