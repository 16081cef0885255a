// A served post as the rest of the bot sees it: everything but its Markdown, which is read from its file again when
// asked for (a blog's Markdown is not kept in memory).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parsePost } from '../content/parse-post.js';
import type { Post } from '../content/post.js';
import type { CatalogPost } from './snapshot-format.js';

export class ServedPost implements Post {
  readonly slug: string;
  readonly title: string;
  readonly date: string;
  readonly url: string;
  readonly summary?: string;
  readonly file: string;
  readonly fingerprint: string;
  readonly hash: string;

  constructor(
    post: CatalogPost,
    private readonly contentDir: string,
  ) {
    this.slug = post.slug;
    this.title = post.title;
    this.date = post.date;
    this.url = post.url;
    if (post.summary) this.summary = post.summary;
    this.file = post.file;
    this.fingerprint = post.fingerprint;
    this.hash = post.hash;
  }

  get body(): string {
    try {
      const parsed = parsePost(this.file, readFileSync(path.join(this.contentDir, this.file)), this.fingerprint);
      return parsed.kind === 'post' ? parsed.post.body : '';
    } catch {
      return '';
    }
  }
}
