// A post as a Markdown file in the bot's own format (YAML front matter: title, date, url, summary, tags,
// categories), which `check` accepts and an owner can edit: what `npm run import` writes.
import { slugFromFile } from './parse-post.js';
import type { Post } from './post.js';

/** The file name the post is written to: its slug, so that reading the file back gives the same slug. */
export function postFileName(post: Pick<Post, 'slug'>): string {
  return `${post.slug}.md`;
}

export function postToMarkdown(post: Post): string {
  // JSON strings are valid YAML double-quoted scalars: any title, quote or colon included, survives the round trip.
  const text = (value: string) => JSON.stringify(value);
  const lines = [`title: ${text(post.title)}`, `date: ${post.date}`, `url: ${text(post.url)}`];
  if (post.summary) lines.push(`summary: ${text(post.summary)}`);
  if (post.tags?.length) lines.push(`tags: [${post.tags.map(text).join(', ')}]`);
  if (post.categories?.length) lines.push(`categories: [${post.categories.map(text).join(', ')}]`);
  // A name that would read back as another slug (Jekyll's dated names, a bundle's index) says its slug.
  if (slugFromFile(postFileName(post)) !== post.slug || /^\d{4}-\d{2}-\d{2}-/.test(post.slug))
    lines.push(`slug: ${text(post.slug)}`);
  return `---\n${lines.join('\n')}\n---\n\n${post.body.trim()}\n`;
}
