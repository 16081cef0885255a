// Suggests post titles as a member types a question (Discord autocomplete): a small MiniSearch index over titles,
// with prefix matching for the word being typed and a little fuzziness for typos. Words are the search's own
// (words.ts), folded as the index folds them, so "remi" finds "Rémi".
import MiniSearch from 'minisearch';
import { fold } from './analyze.js';
import { wordsOf } from './words.js';

export class TitleSuggester {
  private readonly index: MiniSearch<{ id: number; title: string }>;

  constructor(private readonly titles: readonly string[]) {
    this.index = new MiniSearch<{ id: number; title: string }>({
      fields: ['title'],
      tokenize: wordsOf,
      processTerm: (term) => fold(term) || null,
      searchOptions: { prefix: true, fuzzy: (term) => (term.length >= 5 ? 0.2 : false), combineWith: 'AND' },
    });
    this.index.addAll(titles.map((title, id) => ({ id, title })));
  }

  /** Positions (in the titles given) of the titles matching every word typed so far, best first; else any word. */
  suggest(typed: string, limit: number): number[] {
    const text = typed.trim().slice(0, 100);
    if (text === '') return [];
    let hits = this.index.search(text);
    if (hits.length === 0) hits = this.index.search(text, { combineWith: 'OR' });
    return hits.slice(0, limit).map((hit) => hit.id as number);
  }
}
