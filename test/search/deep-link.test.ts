// Links that scroll the reader to the excerpt: a text fragment made of its first words.
import { describe, expect, it } from 'vitest';
import { textFragmentLink } from '../../src/search/deep-link.js';

const url = 'https://blog.example/2018/11/02/edge/';

describe('textFragmentLink', () => {
  it('points at the first six words of the excerpt', () => {
    expect(textFragmentLink(url, '…These are very specific ASIC designed to execute ML models…')).toBe(
      `${url}#:~:text=These%20are%20very%20specific%20ASIC%20designed`,
    );
  });

  it("percent-encodes '-', ',' and '&', which mean something inside a text fragment", () => {
    expect(textFragmentLink(url, 'Edge-TPU, cloud & co. are here')).toBe(
      `${url}#:~:text=Edge%2DTPU%2C%20cloud%20%26%20co.%20are%20here`,
    );
  });

  it('skips list markers, which a page shows as bullets or numbers rather than text', () => {
    expect(textFragmentLink(url, '…• Training for the same hardware, for your own team')).toBe(
      `${url}#:~:text=Training%20for%20the%20same%20hardware%2C%20for`,
    );
    expect(textFragmentLink(url, '1. Design the solution\n2. Gather the requirements')).toBe(
      `${url}#:~:text=Design%20the%20solution`,
    );
  });

  it('leaves addresses alone that would not scroll (a query string or a fragment already there)', () => {
    expect(textFragmentLink('https://blog.example/?s=Blameless', 'Blameless post-mortem')).toBe(
      'https://blog.example/?s=Blameless',
    );
    expect(textFragmentLink(`${url}#top`, 'Blameless post-mortem')).toBe(`${url}#top`);
  });

  it('gives the plain address when the excerpt has no words', () => {
    expect(textFragmentLink(url, '… 🙂 …')).toBe(url);
  });
});
