// The plain store: posts given as a title and paragraphs are what the search reads, and the search finds in them.
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../src/search/query.js';
import { search } from '../../src/search/search.js';
import { buildTermIndex } from '../../src/search/term-index.js';
import { MemoryStore, type PlainPost } from '../../src/storage/memory-store.js';

const POSTS: PlainPost[] = [
  {
    title: 'Kubernetes networking',
    paragraphs: [
      { text: 'Calico and Flannel are overlays.', heading: 'Overlays' },
      { text: 'Calico policies restrict traffic between pods.', heading: 'Policies' },
    ],
  },
  { title: 'A week in Zürich', paragraphs: [{ text: 'The café by the lake.', heading: '' }] },
  { title: 'Untitled thoughts', paragraphs: [] },
];

describe('MemoryStore', () => {
  it('keeps each post as one text, its paragraphs a blank line apart, with where each starts and its heading', () => {
    const [kubernetes, zurich, empty] = new MemoryStore(POSTS).posts;
    expect(kubernetes!.title).toBe('Kubernetes networking');
    expect(kubernetes!.text).toBe('Calico and Flannel are overlays.\n\nCalico policies restrict traffic between pods.');
    expect(Array.from(kubernetes!.paragraphStarts)).toEqual([0, 34]);
    expect(kubernetes!.text.slice(34)).toMatch(/^Calico policies/);
    expect(kubernetes!.headings).toEqual(['Overlays', 'Policies']);
    expect(zurich!.text).toBe('The café by the lake.');
    expect(empty!.text).toBe('');
    expect(Array.from(empty!.paragraphStarts)).toEqual([]);
  });

  it('is all the search needs: a question finds the post and quotes it', () => {
    const store = new MemoryStore(POSTS);
    const index = buildTermIndex(
      POSTS.map((post) => ({ title: post.title, paragraphs: post.paragraphs.map((paragraph) => paragraph.text) })),
    );
    const outcome = store.duringQuestion(() =>
      search({ posts: store.posts, index }, parseQuery('Which calico policies restrict traffic?'), { limit: 3 }),
    );
    expect(outcome.hits[0]?.doc).toBe(0);
    expect(outcome.hits[0]!.excerpt.text).toContain('restrict traffic between pods');
  });
});
