// Turns one Markdown file's bytes into a validated Post, or a Problem saying which line is wrong and why.
// Static-site conventions are understood: TOML front matter, Jekyll's dated file names, tags and categories, an
// address built from SITE_URL and PERMALINK when the front matter has none, and shortcodes and JSX stripped.
import { cleanBody } from './clean-body.js';
import { readFrontMatter, writtenDate } from './front-matter.js';
import { permalinkUrl, type FolderConventions } from './permalink.js';
import type { Post, Problem } from './post.js';

export const MAX_POST_BYTES = 2 * 1024 * 1024;

export type ParsedFile =
  | { kind: 'post'; post: Post }
  | { kind: 'draft'; problem: Problem }
  | { kind: 'problem'; problem: Problem };

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function parsePost(
  file: string,
  bytes: Uint8Array,
  fingerprint: string,
  conventions: FolderConventions = {},
): ParsedFile {
  const fail = (line: number, reason: string): ParsedFile => ({ kind: 'problem', problem: { file, line, reason } });

  if (bytes.length > MAX_POST_BYTES) {
    return fail(
      1,
      `file is ${(bytes.length / 1024 / 1024).toFixed(1)} MB, ` +
        `over the ${MAX_POST_BYTES / 1024 / 1024} MB limit for one post`,
    );
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
  const front = readFrontMatter(text);
  if (!front.ok) return fail(front.line, front.reason);
  const { data, lineOf } = front;
  const fromName = jekyllName(file);

  const title = data.title;
  if (title === undefined) return fail(1, 'front matter has no title');
  if (title === null) return fail(lineOf('title'), 'title is empty');
  if (typeof title !== 'string' && typeof title !== 'number') return fail(lineOf('title'), 'title must be text');
  if (String(title).trim() === '') return fail(lineOf('title'), 'title is empty');

  let date: string;
  if (data.date === undefined && fromName) date = fromName.date;
  else {
    if (data.date === undefined || data.date === null)
      return fail(data.date === null ? lineOf('date') : 1, 'front matter has no date (YYYY-MM-DD)');
    const written = writtenDate(data.date, front.rawValue('date'));
    if (written === undefined || !isCalendarDate(written))
      return fail(lineOf('date'), `date "${String(written ?? data.date)}" is not a real date in the form YYYY-MM-DD`);
    date = written;
  }

  const draft = data.draft;
  if (draft !== undefined && typeof draft !== 'boolean') return fail(lineOf('draft'), 'draft must be true or false');

  const slug = data.slug === undefined ? (fromName?.slug ?? slugFromFile(file)) : String(data.slug).trim();
  if (!/^[a-z0-9][a-z0-9._-]*$/i.test(slug))
    return fail(
      data.slug === undefined ? 1 : lineOf('slug'),
      `slug "${slug}" may hold only letters, digits, '.', '_' and '-'`,
    );

  let url: string;
  if (data.url === undefined || data.url === null) {
    const built = permalinkUrl(conventions, { date, slug });
    if (built === undefined)
      return fail(
        data.url === null ? lineOf('url') : 1,
        'front matter has no url (and SITE_URL is not set to build one from PERMALINK)',
      );
    url = built;
  } else url = String(data.url);
  if (!isWebUrl(url)) return fail(lineOf('url'), `url "${url}" is not an absolute http(s) address`);

  const tags = wordList(data.tags);
  if (tags === false) return fail(lineOf('tags'), 'tags must be a list of words');
  const categories = wordList(data.categories);
  if (categories === false) return fail(lineOf('categories'), 'categories must be a list of words');

  if (draft === true) {
    return {
      kind: 'draft',
      problem: { file, line: lineOf('draft'), reason: 'draft: true, not served until it is false' },
    };
  }

  const summary =
    typeof data.summary === 'string'
      ? data.summary.trim()
      : typeof data.description === 'string'
        ? data.description.trim()
        : undefined;
  return {
    kind: 'post',
    post: {
      slug,
      title: String(title).trim(),
      date,
      url,
      body: cleanBody(front.body, { mdx: /\.mdx$/i.test(file) }),
      ...(summary ? { summary } : {}),
      ...(tags && tags.length > 0 ? { tags } : {}),
      ...(categories && categories.length > 0 ? { categories } : {}),
      file,
      fingerprint,
    },
  };
}

/**
 * A list of words: YAML/TOML list, or one string of words separated by spaces or commas (as Jekyll allows); false for
 * anything else.
 */
function wordList(value: unknown): string[] | undefined | false {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  if (!Array.isArray(value)) return false;
  if (!value.every((word) => typeof word === 'string' || typeof word === 'number')) return false;
  return value.map((word) => String(word).trim()).filter(Boolean);
}

/** Jekyll names posts YYYY-MM-DD-slug.md: the name gives the date and the slug. */
function jekyllName(file: string): { date: string; slug: string } | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})-(.+)$/.exec(slugFromFile(file));
  return match && isCalendarDate(match[1]!) ? { date: match[1]!, slug: match[2]! } : undefined;
}

/** The file's name without its extension; a page bundle's `index.md` (Hugo) is named by its folder. */
export function slugFromFile(file: string): string {
  const parts = file.split('/');
  const base = (parts.pop() ?? file).replace(/\.(md|markdown|mdx)$/i, '');
  return /^index$/i.test(base) && parts.length > 0 ? parts.pop()! : base;
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
