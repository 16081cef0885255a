// Turns one Markdown file's bytes into a validated Post, or a Problem saying which line is wrong and why.
import yaml from 'js-yaml';
import type { Post, Problem } from './post.js';

export const MAX_POST_BYTES = 2 * 1024 * 1024;

export type ParsedFile =
  | { kind: 'post'; post: Post }
  | { kind: 'draft'; problem: Problem }
  | { kind: 'problem'; problem: Problem };

const utf8 = new TextDecoder('utf-8', { fatal: true });

// The front matter is read here line by line and given to js-yaml alone (no other front-matter language is ever run).
// JSON schema keeps dates as the strings the author wrote, so an impossible date is caught, not rolled over.
const parseYaml = (source: string): unknown => yaml.safeLoad(source, { schema: yaml.JSON_SCHEMA });

export function parsePost(file: string, bytes: Uint8Array, fingerprint: string): ParsedFile {
  const fail = (line: number, reason: string): ParsedFile => ({ kind: 'problem', problem: { file, line, reason } });

  if (bytes.length > MAX_POST_BYTES) {
    return fail(1, `file is ${(bytes.length / 1024 / 1024).toFixed(1)} MB, over the ${MAX_POST_BYTES / 1024 / 1024} MB limit for one post`);
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return fail(1, 'not valid UTF-8 text (a binary file?)');
  }
  if (text.includes('\u0000')) return fail(1, 'not a text file (it contains NUL bytes)');
  text = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (text.trim() === '') return fail(1, 'file is empty');
  if (!/^---[ \t]*\n/.test(text)) {
    return fail(1, "no front matter: the file must start with a '---' block holding title, date and url");
  }
  const frontLines = text.split('\n');
  const closing = frontLines.findIndex((line, i) => i > 0 && /^(---|\.\.\.)[ \t]*$/.test(line));
  if (closing < 0) return fail(1, "front matter is not closed: add a line '---' after it");

  let loaded: unknown;
  try {
    loaded = parseYaml(frontLines.slice(1, closing).join('\n'));
  } catch (error) {
    // js-yaml counts lines from 0 inside the block, which starts on the file's line 2.
    const mark = (error as { mark?: { line?: number } }).mark;
    const line = typeof mark?.line === 'number' ? Math.min(mark.line + 2, closing) : 1;
    const reason = (error as { reason?: string }).reason ?? 'unreadable';
    return fail(line, `front matter is not valid YAML: ${reason}`);
  }
  if (loaded === undefined || loaded === null) loaded = {};
  if (typeof loaded !== 'object' || Array.isArray(loaded)) return fail(2, 'front matter must be a list of "key: value" lines');
  const data = loaded as Record<string, unknown>;
  const body = frontLines.slice(closing + 1).join('\n');

  const lineOf = (key: string): number => {
    const index = frontLines.slice(1, closing).findIndex((line) => line.startsWith(`${key}:`));
    return index < 0 ? 1 : index + 2;
  };

  const title = data.title;
  if (title === undefined) return fail(1, 'front matter has no title');
  if (title === null) return fail(lineOf('title'), 'title is empty');
  if (typeof title !== 'string' && typeof title !== 'number') return fail(lineOf('title'), 'title must be text');
  if (String(title).trim() === '') return fail(lineOf('title'), 'title is empty');

  const date = data.date;
  if (date === undefined || date === null) return fail(date === null ? lineOf('date') : 1, 'front matter has no date (YYYY-MM-DD)');
  if (!isCalendarDate(String(date))) return fail(lineOf('date'), `date "${String(date)}" is not a real date in the form YYYY-MM-DD`);

  const url = data.url;
  if (url === undefined || url === null) return fail(url === null ? lineOf('url') : 1, 'front matter has no url');
  if (!isWebUrl(String(url))) return fail(lineOf('url'), `url "${String(url)}" is not an absolute http(s) address`);

  const draft = data.draft;
  if (draft !== undefined && typeof draft !== 'boolean') return fail(lineOf('draft'), 'draft must be true or false');

  const slug = data.slug === undefined ? slugFromFile(file) : String(data.slug).trim();
  if (!/^[a-z0-9][a-z0-9._-]*$/i.test(slug)) return fail(data.slug === undefined ? 1 : lineOf('slug'), `slug "${slug}" may hold only letters, digits, '.', '_' and '-'`);

  if (draft === true) {
    return { kind: 'draft', problem: { file, line: lineOf('draft'), reason: 'draft: true, not served until it is false' } };
  }

  const summary = typeof data.summary === 'string' ? data.summary.trim() : typeof data.description === 'string' ? data.description.trim() : undefined;
  return {
    kind: 'post',
    post: {
      slug,
      title: String(title).trim(),
      date: String(date),
      url: String(url),
      body,
      ...(summary ? { summary } : {}),
      file,
      fingerprint,
    },
  };
}

export function slugFromFile(file: string): string {
  const base = file.split('/').pop() ?? file;
  return base.replace(/\.md$/i, '');
}

export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function isWebUrl(value: string): boolean {
  // Spaces, quotes and angle brackets would break a link in a Discord message, so they must be percent-encoded.
  if (/[\s\u0000-\u001f\u007f<>"]/.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
