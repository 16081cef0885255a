// Factories for web-source tests: the shipped essays, and feeds and WordPress answers made of them, the way real
// blogs publish them (HTML bodies, RFC 822 or ISO dates, CDATA, entities).
import { loadContent } from '../../../src/content/load.js';
import type { Post } from '../../../src/content/post.js';
import { ESSAYS } from '../factories.js';

export async function essays(): Promise<Post[]> {
  return (await loadContent(ESSAYS)).posts;
}

export const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The HTML a blog engine renders for our Markdown: paragraphs, ## headings, - lists, lines kept with <br>. */
export function markdownToHtml(markdown: string): string {
  return markdown
    .trim()
    .split(/\n{2,}/)
    .map((block) => {
      const heading = /^(#{1,6})\s+(.*)$/.exec(block);
      if (heading) return `<h${heading[1]!.length}>${escapeXml(heading[2]!)}</h${heading[1]!.length}>`;
      const lines = block.split('\n');
      if (lines.every((line) => /^- /.test(line)))
        return `<ul>${lines.map((line) => `<li>${escapeXml(line.slice(2))}</li>`).join('')}</ul>`;
      return `<p>${lines.map(escapeXml).join('<br>\n')}</p>`;
    })
    .join('\n');
}

export interface FeedEntry {
  title?: string;
  link?: string;
  date?: string;
  html?: string;
  summary?: string;
  id?: string;
  categories?: string[];
}

export function entryOf(post: Post): FeedEntry {
  return {
    title: post.title,
    link: post.url,
    date: post.date,
    html: markdownToHtml(post.body),
    summary: post.summary ?? `${post.title}.`,
    id: post.url,
  };
}

const rfc822 = (date: string) => new Date(`${date}T09:30:00Z`).toUTCString().replace('GMT', '+0000');

/** RSS 2.0 as WordPress writes it: CDATA bodies in content:encoded (left out with `fullText: false`). */
export function rssFeed(entries: FeedEntry[], options: { fullText?: boolean; buildDate?: string } = {}): string {
  const items = entries.map((entry) => {
    const parts = [
      entry.title !== undefined && `<title>${escapeXml(entry.title)}</title>`,
      entry.link !== undefined && `<link>${escapeXml(entry.link)}</link>`,
      entry.date !== undefined && `<pubDate>${rfc822(entry.date)}</pubDate>`,
      ...(entry.categories ?? []).map((category) => `<category><![CDATA[${category}]]></category>`),
      entry.id !== undefined && `<guid isPermaLink="false">${escapeXml(entry.id)}</guid>`,
      entry.summary !== undefined && `<description><![CDATA[${entry.summary}]]></description>`,
      options.fullText !== false &&
        entry.html !== undefined &&
        `<content:encoded><![CDATA[${entry.html}]]></content:encoded>`,
    ].filter(Boolean);
    return `<item>\n${parts.join('\n')}\n</item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>Cloud in the Alps</title>
<link>https://cloudinthealps.mandin.net</link>
<description>Essays</description>
<lastBuildDate>${options.buildDate ?? 'Mon, 01 Jan 2024 00:00:00 +0000'}</lastBuildDate>
${items.join('\n')}
</channel>
</rss>`;
}

export function atomFeed(entries: FeedEntry[]): string {
  const items = entries.map((entry) =>
    [
      '<entry>',
      entry.title !== undefined && `<title type="html">${escapeXml(escapeXml(entry.title))}</title>`,
      entry.link !== undefined && `<link rel="alternate" type="text/html" href="${escapeXml(entry.link)}"/>`,
      `<id>${escapeXml(entry.id ?? entry.link ?? 'urn:x')}</id>`,
      entry.date !== undefined &&
        `<published>${entry.date}T09:30:00+02:00</published><updated>${entry.date}T10:00:00+02:00</updated>`,
      ...(entry.categories ?? []).map((category) => `<category term="${escapeXml(category)}"/>`),
      entry.summary !== undefined && `<summary type="html">${escapeXml(entry.summary)}</summary>`,
      entry.html !== undefined && `<content type="html">${escapeXml(entry.html)}</content>`,
      '</entry>',
    ]
      .filter(Boolean)
      .join('\n'),
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Cloud in the Alps</title>
<id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
<updated>2024-01-01T00:00:00Z</updated>
${items.join('\n')}
</feed>`;
}

export function jsonFeed(entries: FeedEntry[]): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: 'Cloud in the Alps',
    items: entries.map((entry) => ({
      id: entry.id ?? entry.link ?? 'x',
      ...(entry.link !== undefined && { url: entry.link }),
      ...(entry.title !== undefined && { title: entry.title }),
      ...(entry.html !== undefined && { content_html: entry.html }),
      ...(entry.summary !== undefined && { summary: entry.summary }),
      ...(entry.date !== undefined && { date_published: `${entry.date}T09:30:00Z` }),
      ...(entry.categories && { tags: entry.categories }),
    })),
  });
}

/** A WordPress REST post, as /wp-json/wp/v2/posts gives it (the fields we ask for with _fields). */
export function wordpressPost(post: Post, id: number) {
  return {
    id,
    date: `${post.date}T09:30:00`,
    modified: `${post.date}T11:00:00`,
    slug: post.slug,
    link: post.url,
    title: { rendered: escapeXml(post.title).replace(/'/g, '&#8217;') },
    content: { rendered: `\n${markdownToHtml(post.body)}\n`, protected: false },
    excerpt: { rendered: `<p>${escapeXml(post.summary ?? post.title)} [&hellip;]</p>\n`, protected: false },
  };
}

/** A WordPress REST API over `posts` (newest first), honouring at most `maxPerPage` per page as some hosts do. */
export function wordpressRoute(posts: ReturnType<typeof wordpressPost>[], options: { maxPerPage?: number } = {}) {
  return (request: import('node:http').IncomingMessage, response: import('node:http').ServerResponse) => {
    const query = new URL(request.url ?? '/', 'http://x').searchParams;
    const perPage = Math.min(Number(query.get('per_page') ?? 10), options.maxPerPage ?? 100);
    const page = Number(query.get('page') ?? 1);
    const sorted = [...posts].sort((a, b) =>
      query.get('orderby') === 'modified' ? b.modified.localeCompare(a.modified) : b.date.localeCompare(a.date),
    );
    const totalPages = Math.max(1, Math.ceil(sorted.length / perPage));
    if (page > totalPages) {
      response
        .writeHead(400, { 'content-type': 'application/json' })
        .end(JSON.stringify({ code: 'rest_post_invalid_page_number' }));
      return;
    }
    const fields = query.get('_fields')?.split(',');
    const slice = sorted
      .slice((page - 1) * perPage, page * perPage)
      .map((post) =>
        fields ? Object.fromEntries(Object.entries(post).filter(([key]) => fields.includes(key))) : post,
      );
    response
      .writeHead(200, {
        'content-type': 'application/json; charset=UTF-8',
        'x-wp-total': String(sorted.length),
        'x-wp-totalpages': String(totalPages),
      })
      .end(JSON.stringify(slice));
  };
}

export interface WxrItem {
  title: string;
  link: string;
  slug: string;
  date: string;
  html: string;
  type?: string;
  status?: string;
  excerpt?: string;
  tags?: string[];
}

export function wxrItemOf(post: Post, overrides: Partial<WxrItem> = {}): WxrItem {
  return {
    title: post.title,
    link: post.url,
    slug: post.slug,
    date: `${post.date} 09:30:00`,
    html: markdownToHtml(post.body),
    ...(post.summary && { excerpt: post.summary }),
    ...overrides,
  };
}

/** A WordPress export (Tools → Export) holding these items. */
export function wxrExport(items: WxrItem[]): string {
  const entries = items.map(
    (item, n) => `<item>
<title><![CDATA[${item.title}]]></title>
<link>${escapeXml(item.link)}</link>
<pubDate>Mon, 01 Jan 2024 00:00:00 +0000</pubDate>
<dc:creator><![CDATA[admin]]></dc:creator>
<guid isPermaLink="false">https://b.example/?p=${n + 1}</guid>
<description></description>
<content:encoded><![CDATA[${item.html}]]></content:encoded>
<excerpt:encoded><![CDATA[${item.excerpt ?? ''}]]></excerpt:encoded>
<wp:post_id>${n + 1}</wp:post_id>
<wp:post_date><![CDATA[${item.date}]]></wp:post_date>
<wp:post_name><![CDATA[${item.slug}]]></wp:post_name>
<wp:status><![CDATA[${item.status ?? 'publish'}]]></wp:status>
<wp:post_type><![CDATA[${item.type ?? 'post'}]]></wp:post_type>
<wp:post_password><![CDATA[]]></wp:post_password>
<category domain="category" nicename="cloud"><![CDATA[Cloud]]></category>
${(item.tags ?? [])
  .map((tag) => `<category domain="post_tag" nicename="${escapeXml(tag)}"><![CDATA[${tag}]]></category>`)
  .join('\n')}
</item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Cloud in the Alps</title>
<link>https://cloudinthealps.mandin.net</link>
<wp:wxr_version>1.2</wp:wxr_version>
${entries.join('\n')}
</channel>
</rss>`;
}
