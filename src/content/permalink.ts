// A post's address from the site's address and a permalink pattern, for static-site folders whose front matter has
// no `url` (Hugo, Jekyll, Eleventy and Astro build the address instead of writing it down).

/** How a folder of a static-site generator names its posts' addresses. Plain data: it is passed to worker threads. */
export interface FolderConventions {
  /**
   * SITE_URL: the blog's address, e.g. `https://blog.example` (a path is kept: `https://example.org/blog`). Without it
   * a post must have a `url`.
   */
  siteUrl?: string;
  /**
   * PERMALINK: the path after siteUrl, with the tokens `:year`, `:month`, `:day` (from the post's date) and `:slug`
   * (`:title`, Jekyll's name, is the same). Default DEFAULT_PERMALINK.
   */
  permalink?: string;
}

export const DEFAULT_PERMALINK = '/:year/:month/:day/:slug/';
const TOKENS = ['year', 'month', 'day', 'slug', 'title'];

/** One sentence naming what is wrong with the conventions (for the settings' check), or undefined. */
export function conventionsProblem(conventions: FolderConventions): string | undefined {
  if (conventions.siteUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(conventions.siteUrl);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) {
      return `SITE_URL "${conventions.siteUrl}" is not an http(s) address of a site (like https://blog.example).`;
    }
  }
  const permalink = conventions.permalink ?? DEFAULT_PERMALINK;
  if (!permalink.startsWith('/')) return `PERMALINK "${permalink}" must start with "/" (like ${DEFAULT_PERMALINK}).`;
  if (/[\s"<>\\]/.test(permalink))
    return `PERMALINK "${permalink}" may not hold spaces, quotes, angle brackets or backslashes.`;
  const unknown = [...permalink.matchAll(/:([a-z_]+)/gi)]
    .map((match) => match[1]!)
    .find((token) => !TOKENS.includes(token));
  if (unknown) return `PERMALINK "${permalink}" has the unknown token :${unknown} (known: :year, :month, :day, :slug).`;
  if (!/:(slug|title)\b/.test(permalink))
    return `PERMALINK "${permalink}" must hold :slug, or every post would get the same address.`;
  return undefined;
}

/** The address of the post with this date (YYYY-MM-DD) and slug; undefined without a siteUrl. */
export function permalinkUrl(conventions: FolderConventions, post: { date: string; slug: string }): string | undefined {
  if (conventions.siteUrl === undefined) return undefined;
  const [year, month, day] = post.date.split('-');
  const values: Record<string, string> = { year: year!, month: month!, day: day!, slug: post.slug, title: post.slug };
  const pathPart = (conventions.permalink ?? DEFAULT_PERMALINK).replace(
    /:([a-z_]+)/gi,
    (token, name: string) => values[name] ?? token,
  );
  return `${conventions.siteUrl.replace(/\/+$/, '')}${pathPart}`;
}
