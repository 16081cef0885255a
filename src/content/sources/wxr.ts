// A WordPress export file (WXR: RSS with WordPress's wp: fields) as a content source, for `npm run import`: only
// published posts, never pages, attachments, drafts or private posts. feedsmith knows no wp: fields, so the file is
// read with fast-xml-parser (the parser feedsmith itself uses), after the same XML safety checks as feeds.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { htmlToText } from '../html.js';
import {
  failure,
  type ChangeKey,
  type ContentSource,
  type ListResult,
  type ReadOptions,
  type ReadResult,
  type SourceFailure,
  type SourcePost,
  type SourceProblem,
} from './source.js';
import { SlugClaims, webPost, type WebItem } from './web-post.js';
import { xmlProblem } from './xml.js';

/** An export is read whole; a bigger one is refused (a WordPress archive of ~10k posts is well under it). */
export const MAX_WXR_BYTES = 200 * 1024 * 1024;

export interface ParsedWxr {
  ok: true;
  items: WebItem[];
  /** What was left out, by kind: "page", "attachment", "draft post"… */
  skipped: Record<string, number>;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  // Entities: only XML's own five and numeric ones; declared ones were refused before parsing (xmlProblem).
  processEntities: true,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => name === 'item' || name === 'category',
});

type Text = string | { '#text'?: string; '@domain'?: string };
const textOf = (value: Text | undefined): string | undefined =>
  value === undefined ? undefined : typeof value === 'string' ? value : value['#text'];

export function parseWxr(xml: string, where: string): ParsedWxr | SourceFailure {
  const problem = xmlProblem(xml, `The export ${where}`);
  if (problem) return problem;
  const document = parser.parse(xml) as {
    rss?: { channel?: { item?: Array<Record<string, Text | Text[] | undefined>> } };
  };
  const channel = document.rss?.channel;
  if (!channel) return failure('not-a-feed', `The export ${where} is not a WordPress export (no <rss><channel>).`);
  const items: WebItem[] = [];
  const skipped: Record<string, number> = {};
  (channel.item ?? []).forEach((item, n) => {
    const field = (name: string) => textOf(item[name] as Text | undefined);
    const type = field('wp:post_type') ?? 'post';
    const status = field('wp:status') ?? 'publish';
    if (type !== 'post' || status !== 'publish' || field('wp:post_password')) {
      const kind = type !== 'post' ? type : status !== 'publish' ? `${status} post` : 'password-protected post';
      skipped[kind] = (skipped[kind] ?? 0) + 1;
      return;
    }
    const categories = (item.category as Text[] | undefined) ?? [];
    const inDomain = (domain: string) =>
      categories
        .filter((category) => typeof category === 'object' && category['@domain'] === domain)
        .map((category) => textOf(category) ?? '');
    const title = field('title');
    items.push({
      where: `${where} item ${n + 1}`,
      ...optional('id', field('wp:post_id')),
      ...optional('title', title && /[<&]/.test(title) ? htmlToText(title) : title),
      ...optional('link', field('link')),
      ...optional('slug', field('wp:post_name')),
      ...optional('date', field('wp:post_date') ?? field('pubDate')),
      ...optional('html', field('content:encoded')),
      ...optional('summaryHtml', field('excerpt:encoded')),
      ...optional('tags', inDomain('post_tag')),
      ...optional('categories', inDomain('category')),
    });
  });
  return { ok: true, items, skipped };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return {};
  return { [key]: value } as { [P in K]?: V };
}

/** A WordPress export file behind the source interface (used by `npm run import`). */
export class WxrSource implements ContentSource {
  readonly kind = 'wxr';
  readonly id: string;
  readonly spec: string;
  readonly label: string;

  constructor(file: string) {
    this.spec = path.resolve(file);
    this.id = `wxr:${this.spec}`;
    this.label = file;
  }

  async changeKey(): Promise<{ ok: true; key: ChangeKey } | SourceFailure> {
    try {
      const stats = await stat(this.spec);
      return { ok: true, key: { key: `wxr:${stats.size}:${stats.mtimeMs}`, bytes: stats.size } };
    } catch (error) {
      return failure(
        'folder',
        `The export ${this.label} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'}).`,
      );
    }
  }

  async list(): Promise<ListResult> {
    const parsed = await this.parse();
    if (!parsed.ok) return parsed;
    return {
      ok: true,
      key: parsed.key,
      posts: parsed.wxr.items.map((item) => ({
        id: item.id ?? item.where,
        where: item.link ?? item.where,
        ...(item.title && { title: item.title }),
        ...(item.date && { date: item.date }),
      })),
    };
  }

  async read(options: ReadOptions = {}): Promise<ReadResult> {
    const parsed = await this.parse();
    if (!parsed.ok) return parsed;
    const posts: SourcePost[] = [];
    const problems: SourceProblem[] = [];
    const claims = new SlugClaims();
    parsed.wxr.items.forEach((item, n) => {
      const made = webPost(item, this.id, item.link ?? 'https://invalid.example/');
      options.onProgress?.(n + 1, parsed.wxr.items.length);
      if (made.kind === 'problem') return void problems.push(made.problem);
      const taken = claims.claim(made.post);
      if (taken) return void problems.push(taken);
      if (options.onPost) options.onPost(made.post);
      else posts.push(made.post);
    });
    const skipped = Object.entries(parsed.wxr.skipped).map(
      ([kind, count]) => `${count} ${kind}${count === 1 ? '' : 's'}`,
    );
    const notes = [
      `${this.label} (WordPress export): ${parsed.wxr.items.length} published posts` +
        `${skipped.length ? `; left out: ${skipped.join(', ')}` : ''}.`,
    ];
    return { ok: true, unchanged: false, key: parsed.key, posts, problems, drafts: [], notes };
  }

  private async parse(): Promise<{ ok: true; key: ChangeKey; wxr: ParsedWxr } | SourceFailure> {
    const key = await this.changeKey();
    if (!key.ok) return key;
    if ((key.key.bytes ?? 0) > MAX_WXR_BYTES)
      return failure('too-large', `The export ${this.label} is too large (over ${MAX_WXR_BYTES / 1024 / 1024} MB).`);
    let xml: string;
    try {
      xml = (await readFile(this.spec, 'utf8')).replace(/^\uFEFF/, '');
    } catch (error) {
      return failure(
        'folder',
        `The export ${this.label} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'}).`,
      );
    }
    const wxr = parseWxr(xml, this.label);
    if (!wxr.ok) return wxr;
    return {
      ok: true,
      key: { ...key.key, key: `${key.key.key}:${createHash('sha256').update(xml).digest('base64url').slice(0, 16)}` },
      wxr,
    };
  }
}
