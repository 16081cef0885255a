// Title suggestions while a member types: every typed word matches, the last one as a prefix, typos forgiven.
import { describe, expect, it } from 'vitest';
import { TitleSuggester } from '../../src/search/title-suggest.js';

const TITLES = [
  'Managed Kubernetes and security',
  'Brainwave, Tensorflow : AI at the edge',
  'Blameless post-mortem',
  'Testing out Hololens',
];
const suggester = new TitleSuggester(TITLES);
const titlesFor = (typed: string) => suggester.suggest(typed, 5).map((i) => TITLES[i]);

describe('TitleSuggester', () => {
  it('completes the word being typed', () => {
    expect(titlesFor('kube')).toEqual(['Managed Kubernetes and security']);
    expect(titlesFor('holo')).toEqual(['Testing out Hololens']);
  });

  it('prefers titles holding every word typed, and falls back to any of them', () => {
    expect(titlesFor('managed kub')).toEqual(['Managed Kubernetes and security']);
    expect(titlesFor('kubernetes hololens')).toEqual(
      expect.arrayContaining(['Managed Kubernetes and security', 'Testing out Hololens']),
    );
  });

  it('reads words as the search does, accents folded', () => {
    const titles = new TitleSuggester(['Le café de Rémi', "O'Reilly's e-mail"]);
    expect(titles.suggest('remi', 5)).toEqual([0]);
    expect(titles.suggest('reill', 5)).toEqual([1]);
  });

  it('forgives a typo in a longer word', () => {
    expect(titlesFor('tensorflwo')).toEqual(['Brainwave, Tensorflow : AI at the edge']);
  });

  it('suggests nothing for nothing typed or nothing close', () => {
    expect(titlesFor('')).toEqual([]);
    expect(titlesFor('zzzz')).toEqual([]);
  });
});
