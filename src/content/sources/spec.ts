// Reads CONTENT_SOURCE (or --source): sources separated by commas, each a folder path, `feed:URL`, `wordpress:URL`,
// or a plain http(s) address to discover. A bad spec is a value with one sentence, never an exception.
import path from 'node:path';

export type SourceSpec =
  /** A content folder; `path` is absolute. */
  | { kind: 'folder'; path: string }
  | { kind: 'feed'; url: string }
  | { kind: 'wordpress'; url: string }
  /** A plain address: what is behind it is discovered (see discover.ts). */
  | { kind: 'site'; url: string };

export type SpecList = { ok: true; specs: SourceSpec[] } | { ok: false; error: string };

const HINT = 'give a folder, feed:URL, wordpress:URL or an http(s) address';

/**
 * Parses a comma-separated list of specs (an address holding a comma must write it %2C); empty entries are ignored.
 * Relative folders are resolved against `baseDir` (where the command was run).
 */
export function parseSourceSpecs(text: string, baseDir: string = process.cwd()): SpecList {
  const specs: SourceSpec[] = [];
  const seen = new Set<string>();
  for (const part of text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)) {
    const spec = parseSourceSpec(part, baseDir);
    if (typeof spec === 'string') return { ok: false, error: spec };
    const canonical = specString(spec);
    if (seen.has(canonical)) return { ok: false, error: `The source ${canonical} is given twice.` };
    seen.add(canonical);
    specs.push(spec);
  }
  if (specs.length === 0) return { ok: false, error: `No content source given: ${HINT}.` };
  return { ok: true, specs };
}

/** One spec, or the sentence saying what is wrong with it. */
export function parseSourceSpec(text: string, baseDir: string = process.cwd()): SourceSpec | string {
  const entry = text.trim();
  const prefixed = /^(feed|wordpress):(.*)$/i.exec(entry);
  if (prefixed) {
    const kind = prefixed[1]!.toLowerCase() as 'feed' | 'wordpress';
    // feed://host/path is the old feed URI scheme for http://host/path.
    const rest = kind === 'feed' && prefixed[2]!.startsWith('//') ? `http:${prefixed[2]}` : prefixed[2]!.trim();
    const url = webAddress(rest);
    if (!url)
      return (
        `"${entry}" needs an http(s) address after "${kind}:", ` +
        `like ${kind}:https://blog.example/${kind === 'feed' ? 'feed.xml' : ''}.`
      );
    return { kind, url };
  }
  if (/^https?:/i.test(entry)) {
    const url = webAddress(entry);
    return url ? { kind: 'site', url } : `"${entry}" is not a valid web address.`;
  }
  // Any other scheme is a mistake; a Windows drive letter (C:\blog) is a folder.
  if (/^[a-z][a-z0-9+.-]+:/i.test(entry)) return `"${entry}" is not a source: ${HINT}.`;
  return { kind: 'folder', path: path.resolve(baseDir, entry) };
}

/** The canonical string of a spec: parseSourceSpec(specString(s)) gives s back, in any thread. */
export function specString(spec: SourceSpec): string {
  return spec.kind === 'folder' ? spec.path : spec.kind === 'site' ? spec.url : `${spec.kind}:${spec.url}`;
}

function webAddress(text: string): string | undefined {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** How a source names itself: its id (what its posts' last good versions are kept under), spec and label. */
export interface SourceIdentity {
  id: string;
  spec: string;
  label: string;
}

/** The one place a web source's id, spec and label are made (the sources, and create.ts before loading one). */
export function webIdentity(kind: 'feed' | 'wordpress' | 'site', url: string): SourceIdentity {
  return kind === 'site'
    ? { id: `site:${url}`, spec: url, label: url }
    : { id: `${kind}:${url}`, spec: `${kind}:${url}`, label: url };
}
