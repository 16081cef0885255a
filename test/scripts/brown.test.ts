import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brownCorpusDir, readBrownSamples, writeBrownPosts, type BrownSample } from '../../scripts/corpus/brown.js';

let samples: BrownSample[];
let tmp: string;

beforeAll(async () => {
  samples = readBrownSamples();
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'brown-test-'));
});

afterAll(async () => {
  if (tmp) await fs.rm(tmp, { recursive: true, force: true });
});

async function readDir(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const name of (await fs.readdir(dir)).sort()) files.set(name, await fs.readFile(path.join(dir, name), 'utf8'));
  return files;
}

describe('readBrownSamples', () => {
  it('returns the 500 samples with categories and non-empty paragraphs', () => {
    expect(samples).toHaveLength(500);
    expect(samples[0]!.id).toBe('ca01');
    expect(samples[0]!.category).toBe('news');
    expect(new Set(samples.map((s) => s.id)).size).toBe(500);
    for (const s of samples) {
      expect(s.paragraphs.length).toBeGreaterThan(0);
      for (const p of s.paragraphs) expect(p.trim()).not.toBe('');
    }
  });

  it('strips POS tags and detokenizes', async () => {
    // Every tag that occurs in the raw corpus (the part after the last '/').
    const dir = brownCorpusDir();
    const tags = new Set<string>();
    for (const name of (await fs.readdir(dir)).filter((n) => /^c[a-r]\d\d$/.test(n))) {
      for (const token of (await fs.readFile(path.join(dir, name), 'utf8')).split(/\s+/)) {
        const i = token.lastIndexOf('/');
        if (i > 0) tags.add(token.slice(i + 1));
      }
    }
    expect(tags.has('nn')).toBe(true);

    const text = samples.flatMap((s) => s.paragraphs).join('\n');
    // Real words such as "and/or" or "mg/l" keep their slash; no token may end in a tag.
    const leftovers = text
      .split(/\s+/)
      .map((t) => /\/([a-z$*+-]+)\b/.exec(t.replace(/[.,;:?!)”’]+$/, ''))?.[1])
      .filter((tag): tag is string => tag !== undefined && tags.has(tag));
    expect(leftovers).toEqual([]);
    // First few matches of a global regex, with some context for the failure message.
    const hits = (re: RegExp): string[] =>
      [...text.matchAll(re)].slice(0, 5).map((m) => text.slice(Math.max(0, m.index - 20), m.index + m[0].length + 20));
    expect(hits(/\/(?:at|nn|nns|np|vbd|in|jj|cc)(?:-tl|-hl)?(?=\s|$)/g)).toEqual([]);
    expect(hits(/``|(?:^|\s)''(?:\s|$)/g)).toEqual([]); // inch marks like 1/4'' are real text

    const first = samples[0]!.paragraphs[0]!;
    expect(first).toBe(
      "The Fulton County Grand Jury said Friday an investigation of Atlanta's recent primary election produced " +
        '\u201Cno evidence\u201D that any irregularities took place.',
    );
    expect(hits(/\w [,.;:?!](?:\s|$)/g)).toEqual([]);
    expect(hits(/\( | \)/g)).toEqual([]);
    expect(hits(/\?\?|;;/g)).toEqual([]);
  });
});

describe('writeBrownPosts', () => {
  it('samples mode writes one post per sample with front matter', async () => {
    const dir = path.join(tmp, 'samples');
    await writeBrownPosts(dir, { count: 5, mode: 'samples' });
    const files = await readDir(dir);
    expect([...files.keys()]).toEqual([
      'brown-ca01.md',
      'brown-ca02.md',
      'brown-ca03.md',
      'brown-ca04.md',
      'brown-ca05.md',
    ]);
    for (const [name, content] of files) {
      const slug = name.replace(/\.md$/, '');
      const m = /^---\ntitle: (".*")\ndate: (\d{4}-\d{2}-\d{2})\nurl: (\S+)\n---\n\n([\s\S]+)\n$/.exec(content);
      expect(m, name).not.toBeNull();
      expect(JSON.parse(m![1]!)).not.toBe('');
      expect(m![2]! >= '2000-01-01' && m![2]! <= '2024-12-31').toBe(true);
      expect(m![3]).toBe(`https://example.org/brown/${slug}/`);
      expect(m![4]!.split('\n\n').length).toBeGreaterThan(1);
    }
    expect(files.get('brown-ca01.md')).toContain('title: "The Fulton County Grand Jury said Friday an"');
  });

  it('recombined mode is deterministic per seed', async () => {
    const opts = { count: 20, mode: 'recombined' as const };
    await writeBrownPosts(path.join(tmp, 'a'), { ...opts, seed: 42 });
    await writeBrownPosts(path.join(tmp, 'b'), { ...opts, seed: 42 });
    await writeBrownPosts(path.join(tmp, 'c'), { ...opts, seed: 43 });
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((d) => readDir(path.join(tmp, d))));
    expect(a!.size).toBe(20);
    expect([...a!.keys()][0]).toBe('post-000001.md');
    expect([...a!.keys()][19]).toBe('post-000020.md');
    expect([...b!.entries()]).toEqual([...a!.entries()]);
    expect([...c!.keys()]).toEqual([...a!.keys()]);
    expect([...c!.values()]).not.toEqual([...a!.values()]);
    for (const content of a!.values()) {
      const body = content.split('\n---\n\n')[1]!;
      const n = body.trimEnd().split('\n\n').length;
      expect(n).toBeGreaterThanOrEqual(15);
      expect(n).toBeLessThanOrEqual(40);
    }
  });

  it('reports progress', async () => {
    const seen: number[] = [];
    await writeBrownPosts(path.join(tmp, 'p'), {
      count: 3,
      mode: 'recombined',
      minParagraphs: 1,
      maxParagraphs: 2,
      onProgress: (done, total) => {
        expect(total).toBe(3);
        seen.push(done);
      },
    });
    expect(seen).toEqual([1, 2, 3]);
  });
});
