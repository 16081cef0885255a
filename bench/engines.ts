// The peers blogbot is measured against, each indexing posts at post level (title + plain text) with its usual
// options, and answering a query with its bare lookup (no excerpt).
import { createRequire } from 'node:module';
import { create, insertMultiple, search as oramaSearch } from '@orama/orama';
import { Document } from 'flexsearch';
import lunr from 'lunr';
import MiniSearch from 'minisearch';

const require = createRequire(import.meta.url);

export interface BenchDoc {
  id: number;
  title: string;
  text: string;
}

export interface PeerIndex {
  /** Query modes: one row each in the table (FlexSearch with and without suggest share one build). */
  modes: Record<string, (query: string) => unknown>;
}

export type Peer = (docs: readonly BenchDoc[]) => Promise<PeerIndex>;

export const PEERS: Record<string, Peer> = {
  minisearch: async (docs) => {
    const index = new MiniSearch<BenchDoc>({ fields: ['title', 'text'] });
    index.addAll(docs);
    return { modes: { minisearch: (query) => index.search(query) } };
  },

  flexsearch: async (docs) => {
    const index = new Document({ document: { id: 'id', index: ['title', 'text'] } });
    for (const doc of docs) index.add({ ...doc });
    return {
      modes: {
        flexsearch: (query) => index.search(query, { limit: 20 }),
        'flexsearch-suggest': (query) => index.search(query, { limit: 20, suggest: true }),
      },
    };
  },

  lunr: async (docs) => {
    const index = lunr(function () {
      this.ref('id');
      this.field('title');
      this.field('text');
      for (const doc of docs) this.add(doc);
    });
    // Lunr reads + - ~ ^ : * as query syntax: a question is searched as plain words.
    return { modes: { lunr: (query) => index.search(query.replace(/[+\-~^:*]/g, ' ')) } };
  },

  orama: async (docs) => {
    const db = create({ schema: { title: 'string', text: 'string' } as const });
    await insertMultiple(
      db,
      docs.map((doc) => ({ title: doc.title, text: doc.text })),
    );
    return { modes: { orama: (query) => oramaSearch(db, { term: query, limit: 20 }) } };
  },

  wink: async (docs) => {
    const bm25 = require('wink-bm25-text-search') as () => WinkEngine;
    const nlp = require('wink-nlp-utils') as WinkNlpUtils;
    const engine = bm25();
    engine.defineConfig({ fldWeights: { title: 1, text: 1 } });
    engine.definePrepTasks([
      nlp.string.lowerCase,
      nlp.string.removeExtraSpaces,
      nlp.string.tokenize0,
      nlp.tokens.propagateNegations,
      nlp.tokens.removeWords,
      nlp.tokens.stem,
    ]);
    docs.forEach((doc) => engine.addDoc({ title: doc.title, text: doc.text }, doc.id));
    engine.consolidate();
    return { modes: { 'wink-bm25': (query) => engine.search(query, 20) } };
  },
};

interface WinkEngine {
  defineConfig(config: object): void;
  definePrepTasks(tasks: unknown[]): void;
  addDoc(doc: object, id: number): void;
  consolidate(): void;
  search(query: string, limit: number): unknown;
}

interface WinkNlpUtils {
  string: Record<'lowerCase' | 'removeExtraSpaces' | 'tokenize0', unknown>;
  tokens: Record<'propagateNegations' | 'removeWords' | 'stem', unknown>;
}
