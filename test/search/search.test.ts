// Searching a small blog: the right post first, its excerpt around the answer, "no good match" when nothing fits.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseQuery } from '../../src/search/query.js';
import { EXCERPT_CHARS } from '../../src/search/excerpt.js';
import { RANKING } from '../../src/search/ranking.js';
import { search, type Corpus } from '../../src/search/search.js';
import { buildTermIndex } from '../../src/search/term-index.js';
import { highlightedWords, marked } from './marked.js';
import { searchablePost } from './searchable-post.js';

const POSTS = [
  {
    title: 'Running Kubernetes in production',
    paragraphs: [
      'We moved our services to a managed cluster last spring. The move took three months.',
      'Network overlays decide how pods talk to each other. My favourite overlay is Calico, for its network policies.',
      'Security teams fear the loss of control that a public cloud brings.',
    ],
  },
  {
    title: 'Chips for machine learning',
    paragraphs: [
      'Google offers TensorFlow processing units (TPUs) in its cloud. TPU boards run training jobs fast.',
      'TensorFlow itself is a library; it runs on CPUs as well.',
      'Some vendors build ASICs, others use an FPGA that can be reprogrammed later.',
      'The DataBox appliance stores data at the edge before it goes to the cloud.',
    ],
  },
  {
    title: 'A visit to the museum',
    paragraphs: [
      'Mr. Smith showed us around the old workshop, and of course we took photos of every car.',
      'The guide told us about the history of the building and its architects.',
    ],
  },
  {
    title: 'Learning on the side',
    paragraphs: [
      'I took two online courses on statistics this winter. Both had weekly exercises and a final exam.',
      'Training for a marathon at the same time was too much.',
    ],
  },
  {
    title: 'After the incident',
    paragraphs: [
      'We hold a blameless post-mortem after every outage, so that people share what they saw without fear.',
      'Deep tech startups do the same after a failed launch.',
    ],
  },
];

function corpusOf(posts: typeof POSTS, inPieces = false): Corpus {
  return {
    index: buildTermIndex(posts),
    posts: posts.map(({ title, paragraphs }) => searchablePost(title, paragraphs, { inPieces })),
  };
}

const corpus = corpusOf(POSTS);
// Questions are read with the acronyms the posts spell out, as the library reads them.
const ask = (question: string, limit = 3) => search(corpus, parseQuery(question, corpus.index.acronyms), { limit });
const topTitle = (question: string) => {
  const hit = ask(question).hits[0];
  return hit && POSTS[hit.doc]!.title;
};

describe('search', () => {
  it('puts the post that answers first, with an excerpt around the answer and the matched words in bold', () => {
    const { hits } = ask('Which network overlay do you prefer?');
    expect(POSTS[hits[0]!.doc]!.title).toBe('Running Kubernetes in production');
    expect(marked(hits[0]!.excerpt)).toContain('My favourite **overlay** is Calico');
    expect(hits[0]!.confidence).toBeGreaterThanOrEqual(RANKING.minConfidence);
    expect(hits[0]!.confidence).toBeLessThanOrEqual(1);
  });

  it('answers "no good match", offering nothing, to a question that shares no telling word with the blog', () => {
    for (const question of ['best chocolate cake recipe', 'how do I iron a shirt']) {
      expect(ask(question), question).toEqual({ hits: [], related: [] });
    }
  });

  it('offers a post sharing a telling word with the question as "may help", with its passage, never as answer', () => {
    for (const question of ['yoga exercises for back pain', 'history of the roman empire'])
      expect(ask(question).hits, question).toEqual([]);
    const { related } = ask('yoga exercises for back pain');
    expect(related.map((hit) => POSTS[hit.doc]!.title)).toEqual(['Learning on the side']);
    expect(highlightedWords(related[0]!.excerpt)).toEqual(['exercises']);
    expect(related[0]!.passages).toEqual([related[0]!.excerpt]);
  });

  it('offers the posts as "may help" when several hold the question about equally and none stands out', () => {
    const { hits, related } = ask('what do people fear about the cloud');
    expect(hits).toEqual([]);
    expect(related.map((hit) => POSTS[hit.doc]!.title).slice(0, 2)).toEqual([
      'Running Kubernetes in production',
      'After the incident',
    ]);
    expect(related[0]!.confidence).toBeGreaterThanOrEqual(RANKING.minConfidence);
    expect(related[0]!.score - related[1]!.score).toBeLessThan(RANKING.standOut);
    // The same question with a post that stands out gets an answer.
    const { hits: answered } = search(corpus, parseQuery('what do people fear about the cloud'), {
      limit: 3,
      ranking: { ...RANKING, standOut: 0 },
    });
    expect(POSTS[answered[0]!.doc]!.title).toBe('Running Kubernetes in production');
  });

  it('finds an acronym from its long form, plural or not, and from the long form a post spells out beside it', () => {
    expect(topTitle('tensor processing units')).toBe('Chips for machine learning');
    expect(topTitle('application specific integrated circuits')).toBe('Chips for machine learning');
    const excerpt = marked(ask('edge tpu').hits[0]!.excerpt);
    expect(excerpt).toContain('**TPU**');
    expect(excerpt).toContain('**TensorFlow processing units**');
    // "TensorFlow" on its own is not the long form of TPU.
    expect(excerpt).not.toContain('**TensorFlow** itself');
  });

  it('does not take a title like "Mr." for the acronym of mixed reality', () => {
    expect(ask('mixed reality').hits).toEqual([]);
  });

  it('does not read "of course" as being about courses', () => {
    expect(topTitle('online courses')).toBe('Learning on the side');
    expect(ask('courses').hits.map((hit) => POSTS[hit.doc]!.title)).toEqual(['Learning on the side']);
  });

  it('finds the post through a typo in a longer word, a little below the exact word', () => {
    const typo = ask('blamless post mortem').hits[0]!;
    const exact = ask('blameless post mortem').hits[0]!;
    expect(POSTS[typo.doc]!.title).toBe('After the incident');
    expect(highlightedWords(typo.excerpt)).toContain('blameless');
    expect(typo.confidence).toBeLessThan(exact.confidence);
  });

  it('does not fuzz a short word into another one', () => {
    // "cat" is one letter from "car", but short words are taken as typed.
    expect(ask('cat photos').hits.flatMap((hit) => highlightedWords(hit.excerpt))).not.toContain('car');
  });

  it('matches words written together or apart', () => {
    expect(topTitle('postmortem')).toBe('After the incident');
    expect(topTitle('deep tech start-ups')).toBe('After the incident');
    expect(topTitle('data box')).toBe('Chips for machine learning');
  });

  it('gives at most the number of results asked for, best first', () => {
    const { hits } = ask('cloud', 2);
    expect(hits.length).toBeLessThanOrEqual(2);
    expect(hits.map((hit) => hit.score)).toEqual([...hits.map((hit) => hit.score)].sort((a, b) => b - a));
  });

  it('has nothing to say to an empty question', () => {
    expect(ask('   ')).toEqual({ hits: [], related: [] });
  });

  it('shows the passage giving a reason when asked why, among passages that match the question equally well', () => {
    const filler = 'The weather was mild and the office plants grew tall while the kettle boiled twice a day. '.repeat(
      5,
    );
    const reviews = corpusOf([
      {
        title: 'Notes from the team',
        paragraphs: [
          'Code reviews appear on every page of our team wiki.',
          filler,
          'Code reviews matter because they spread knowledge across the whole team.',
        ],
      },
    ]);
    const why = search(reviews, parseQuery('Why code reviews?'), { limit: 1 }).hits[0]!;
    expect(why.passages[0]!.text).toContain('because they spread knowledge');
    const what = search(reviews, parseQuery('code reviews'), { limit: 1 }).hits[0]!;
    expect(what.passages[0]!.text).toContain('every page of our team wiki');
  });

  it('shows the list when asked for the steps of something, among passages matching the question equally well', () => {
    const filler = 'The weather was mild and the office plants grew tall while the kettle boiled twice a day. '.repeat(
      5,
    );
    const launches = corpusOf([
      {
        title: 'Notes from the team',
        paragraphs: [
          'A launch has steps, like any project:',
          '1. Freeze the code\n2. Warn the support desk\n3. Open the doors',
          filler,
          'Every launch step counts, and each launch has its own steps. Launch steps matter.',
        ],
      },
    ]);
    const steps = search(launches, parseQuery('What are the steps of a launch?'), { limit: 1 }).hits[0]!;
    expect(steps.passages[0]!.text).toContain('Warn the support desk');
  });
});

describe('a blog of three posts', () => {
  const corpus = corpusOf([
    {
      title: 'Where should Terraform state live?',
      paragraphs: [
        'Terraform keeps what it built in a state file. On a laptop that file is easy to lose, and two people ' +
          'running apply at once will corrupt it.',
        'Put it in a remote backend instead: an S3 bucket with a DynamoDB table for locking, or Terraform Cloud. ' +
          'Everyone then reads the same state.',
      ],
    },
    {
      title: 'Learning Go in a weekend',
      paragraphs: ['I wanted a small language for command-line tools, so I spent a weekend with Go.'],
    },
    {
      title: 'Notes from a conference',
      paragraphs: ['The most useful talk showed how a team cut its alert noise in half.'],
    },
  ]);
  const question = parseQuery('what is the best way to store terraform state?');

  it('answers a natural question whose subject is in a title, though the blog never uses its everyday words', () => {
    const { hits } = search(corpus, question, { limit: 3 });
    expect(hits.map((hit) => hit.doc)).toEqual([0]);
    // Weighed by the blog alone, "best" and "store" would count as much as "terraform": a far less sure answer.
    const blogAlone = search(corpus, question, { limit: 3, ranking: { ...RANKING, backgroundParagraphs: 0 } });
    expect(blogAlone.hits[0]?.confidence ?? 0).toBeLessThan(hits[0]!.confidence - 0.2);
  });

  it('offers a post sharing only one of the question\'s ideas as "may help", never as the answer', () => {
    // The post names Terraform, but nothing about what it costs.
    const { hits, related } = search(corpus, parseQuery('what is the price of terraform?'), { limit: 3 });
    expect(hits).toEqual([]);
    expect(related.map((post) => post.doc)).toEqual([0]);
    // Asked about in general, Terraform is the whole question: the post answers it.
    expect(search(corpus, parseQuery('how does terraform work?'), { limit: 3 }).hits.map((hit) => hit.doc)).toEqual([
      0,
    ]);
  });

  it('says "no good match" to a question about a rare thing the blog never mentions', () => {
    expect(search(corpus, parseQuery('how do I tune a saxophone'), { limit: 3 })).toEqual({ hits: [], related: [] });
  });
});

describe('a second passage for the answer', () => {
  const filler = 'The weather was mild and the office plants grew tall while the kettle boiled twice a day. '.repeat(5);
  const cluster = {
    title: 'Notes from the ops team',
    paragraphs: [
      'Our cluster upgrade went well this year: the cluster upgrade checklist kept everyone calm.',
      filler,
      'The upgrade failed once, when a node ran out of disk during the night.',
      filler,
      'Marathon training is another story.',
    ],
  };
  const other = { title: 'Cluster sizes', paragraphs: ['A cluster of three nodes is the smallest we run.', filler] };

  it('shows the best passage elsewhere in the post after the best one, a blank line apart', () => {
    const hit = search(corpusOf([cluster, other]), parseQuery('why did the upgrade fail?'), { limit: 3 }).hits[0]!;
    expect(hit.passages).toHaveLength(2);
    expect(hit.passages[0]!.text).toContain('ran out of disk');
    expect(hit.passages[1]!.text).toContain('cluster upgrade checklist');
    expect(hit.excerpt.text).toBe(`${hit.passages[0]!.text}\n\n${hit.passages[1]!.text}`);
    expect(highlightedWords(hit.excerpt)).toEqual([
      ...highlightedWords(hit.passages[0]!),
      ...highlightedWords(hit.passages[1]!),
    ]);
  });

  it('keeps the second passage apart from the first and shorter than it', () => {
    const hit = search(corpusOf([cluster]), parseQuery('upgrade'), { limit: 1 }).hits[0]!;
    const [first, second] = hit.passages;
    expect(second).toBeDefined();
    expect(first!.text).toContain('checklist');
    expect(second!.text).toContain('ran out of disk');
    expect(first!.text).not.toContain('ran out of disk');
    expect(second!.text.length).toBeLessThan(first!.text.length);
  });

  it('leaves it out when nothing else in the post holds half as much of the question; more around the first', () => {
    const hit = search(corpusOf([cluster]), parseQuery('cluster upgrade checklist'), { limit: 1 }).hits[0]!;
    expect(hit.passages).toHaveLength(1);
    expect(hit.excerpt).toEqual(hit.passages[0]);
    expect(hit.excerpt.text.length).toBeGreaterThan(EXCERPT_CHARS + 100);
    expect(hit.excerpt.text).toContain('cluster upgrade checklist');
  });

  it('gives other posts than the answer a single passage', () => {
    const twice = {
      title: 'More on clusters',
      paragraphs: ['Cluster upgrade notes, again.', filler, 'Another cluster upgrade, later.'],
    };
    const hits = search(corpusOf([cluster, twice]), parseQuery('cluster upgrade'), { limit: 3 }).hits;
    expect(hits).toHaveLength(2);
    expect(hits[0]!.passages).toHaveLength(2);
    expect(hits[1]!.passages).toHaveLength(1);
    expect(hits[1]!.excerpt.text.length).toBeLessThanOrEqual(EXCERPT_CHARS + 2);
  });
});

describe('reading only what can change the answer', () => {
  const VOCABULARY = [
    'calico',
    'network',
    'policy',
    'security',
    'cloud',
    'team',
    'fear',
    'control',
    'museum',
    'car',
    'marathon',
    'training',
    'the',
    'and',
  ];
  const words = (min: number, max: number) =>
    fc.array(fc.constantFrom(...VOCABULARY), { minLength: min, maxLength: max }).map((list) => list.join(' '));
  const blog = fc.array(
    fc.record({ title: words(1, 3), paragraphs: fc.array(words(3, 40), { minLength: 1, maxLength: 30 }) }),
    { minLength: 3, maxLength: 12 },
  );

  it('gives the outcome of reading every candidate whole: the same tier, answers and posts that may help', () => {
    fc.assert(
      fc.property(blog, words(1, 4), fc.integer({ min: 1, max: 5 }), (posts, question, limit) => {
        // Posts handing out only the paragraphs asked for, as long posts kept on disk do.
        const corpus = corpusOf(posts, true);
        const query = parseQuery(question);
        expect(search(corpus, query, { limit })).toEqual(search(corpus, query, { limit, wholePosts: true }));
      }),
      { numRuns: 400 },
    );
  });

  it('gives up on a long post partway once the paragraphs read show that it cannot change the outcome', () => {
    const filler = (i: number) =>
      `filler paragraph number ${i} about nothing in particular, long enough to keep words apart.`;
    const posts = [
      { title: 'Notes', paragraphs: ['The calico policy of the museum.'] },
      {
        title: 'Diary',
        paragraphs: [
          // Two of the three words, too far apart to stand in one window: the post promises more than it holds.
          `calico at the start. ${'Words in between that keep the two apart. '.repeat(10)}And policy at the end.`,
          ...Array.from({ length: 20 }, (_, i) => filler(i)),
          // The rarer of the two, alone: the post is read further for it.
          'calico calico calico.',
          ...Array.from({ length: 20 }, (_, i) => filler(i + 20)),
        ],
      },
      { title: 'Cats', paragraphs: ['A calico cat.'] },
      { title: 'Rules', paragraphs: ['A policy.', 'Another policy.', 'One more policy.'] },
      { title: 'Visits', paragraphs: ['A museum.'] },
    ];
    const corpus = corpusOf(posts, true);
    const diary = corpus.posts[1]!;
    const asked: number[] = [];
    const watched = {
      ...diary,
      textAround: (from: number, to: number) => {
        asked.push(to - from);
        return diary.textAround!(from, to);
      },
    };
    const watchedCorpus = { ...corpus, posts: corpus.posts.map((post, doc) => (doc === 1 ? watched : post)) };
    const query = parseQuery('calico policy museum');
    const reported: number[] = [];
    const outcome = search(watchedCorpus, query, { limit: 3, onRead: (read) => reported.push(read.doc) });
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.reduce((sum, length) => sum + length, 0)).toBeLessThan(diary.textLength! / 2);
    expect(reported).not.toContain(1);
    expect(outcome).toEqual(search(corpus, query, { limit: 3, wholePosts: true }));
  });
});
