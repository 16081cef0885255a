// CONTENT_SOURCE / --source: what each spec means, and one sentence for a bad one.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSources } from '../../../src/content/sources/create.js';
import { parseSourceSpec, parseSourceSpecs, specString } from '../../../src/content/sources/spec.js';

describe('parseSourceSpecs', () => {
  it('reads folders, feed:, wordpress: and plain addresses, separated by commas', () => {
    expect(
      parseSourceSpecs(
        ' content , feed:https://b.example/feed.xml,wordpress:https://wp.example, http://127.0.0.1:8080/blog ,',
        '/srv/bot',
      ),
    ).toEqual({
      ok: true,
      specs: [
        { kind: 'folder', path: '/srv/bot/content' },
        { kind: 'feed', url: 'https://b.example/feed.xml' },
        { kind: 'wordpress', url: 'https://wp.example/' },
        { kind: 'site', url: 'http://127.0.0.1:8080/blog' },
      ],
    });
  });

  it('keeps an absolute folder and reads feed://host as http', () => {
    expect(parseSourceSpec('/var/blog', '/srv')).toEqual({ kind: 'folder', path: '/var/blog' });
    expect(parseSourceSpec('feed://b.example/rss', '/srv')).toEqual({ kind: 'feed', url: 'http://b.example/rss' });
  });

  it.each([
    ['', 'No content source given: give a folder, feed:URL, wordpress:URL or an http(s) address.'],
    [' , ', 'No content source given'],
    [
      'feed:b.example/rss',
      '"feed:b.example/rss" needs an http(s) address after "feed:", like feed:https://blog.example/feed.xml.',
    ],
    ['feed:javascript:alert(1)', 'needs an http(s) address after "feed:"'],
    ['wordpress:', '"wordpress:" needs an http(s) address after "wordpress:"'],
    [
      'ftp://b.example/feed',
      '"ftp://b.example/feed" is not a source: give a folder, feed:URL, wordpress:URL or an http(s) address.',
    ],
    ['https://', '"https://" is not a valid web address.'],
    ['content,content', 'is given twice.'],
  ])('%j is refused with one sentence', (text, error) => {
    const parsed = parseSourceSpecs(text, '/srv');
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toContain(error);
  });

  it('specString gives a spec that parses back to itself, anywhere', () => {
    const parsed = parseSourceSpecs(
      'content,feed:https://b.example/f,wordpress:https://w.example/,https://s.example/',
      '/srv',
    );
    if (!parsed.ok) throw new Error(parsed.error);
    for (const spec of parsed.specs) expect(parseSourceSpec(specString(spec), '/elsewhere')).toEqual(spec);
  });
});

describe('createSources', () => {
  it('gives each source a stable id, and the same sources again from their specs (as a worker thread does)', () => {
    const made = createSources('content,feed:https://b.example/f,wordpress:https://w.example,https://s.example', {
      baseDir: '/srv',
    });
    if (!made.ok) throw new Error(made.error);
    expect(made.sources.map((source) => [source.kind, source.id])).toEqual([
      ['folder', `folder:${path.resolve('/srv/content')}`],
      ['feed', 'feed:https://b.example/f'],
      ['wordpress', 'wordpress:https://w.example/'],
      ['site', 'site:https://s.example/'],
    ]);
    const message = structuredClone({
      specs: made.sources.map((source) => source.spec),
      options: { conventions: { siteUrl: 'https://s.example' }, fetch: { timeoutMs: 1000 } },
    });
    const again = createSources(message.specs, { ...message.options, baseDir: '/somewhere/else' });
    expect(again.ok && again.sources.map((source) => source.id)).toEqual(made.sources.map((source) => source.id));
  });

  it('passes a bad spec on as its sentence', () => {
    expect(createSources('gopher://x')).toEqual({
      ok: false,
      error: '"gopher://x" is not a source: give a folder, feed:URL, wordpress:URL or an http(s) address.',
    });
  });
});
