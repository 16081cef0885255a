import SearchableMap from 'minisearch/SearchableMap';
import { describe, expect, it } from 'vitest';
import { forEachTerm } from '../../src/search/analyze.js';
import { buildTermIndex, paragraphBucket, TermIndex, TermIndexBuilder } from '../../src/search/term-index.js';

// The straightforward way (one regex pass per paragraph through analyze.ts's forEachTerm): the fast byte scanner must
// give exactly the same terms, counts and frequencies.
function reference(sources: Array<{ title: string; paragraphs: string[] }>) {
  const termIds = new Map<string, number>();
  const terms: string[] = [];
  const paragraphDf: number[] = [];
  const postings = new Map<number, Array<[doc: number, freq: number, mask: number]>>();
  const docLengths: number[] = [];
  let paragraphCount = 0;
  const id = (term: string) => {
    let found = termIds.get(term);
    if (found === undefined) {
      termIds.set(term, (found = terms.length));
      terms.push(term);
      paragraphDf.push(0);
    }
    return found;
  };
  sources.forEach((source, doc) => {
    const counts = new Map<number, { freq: number; mask: number }>();
    let length = 0;
    const add = (termId: number, amount: number, bit: number) => {
      const entry = counts.get(termId) ?? { freq: 0, mask: 0 };
      entry.freq += amount;
      entry.mask |= bit;
      counts.set(termId, entry);
      length += amount;
    };
    forEachTerm(source.title, (term) => add(id(term), 3, 0));
    source.paragraphs.forEach((paragraph, p) => {
      const seen = new Set<number>();
      paragraphCount++;
      forEachTerm(paragraph, (term) => {
        const termId = id(term);
        add(termId, 1, 1 << paragraphBucket(p, source.paragraphs.length));
        if (!seen.has(termId)) paragraphDf[termId]!++;
        seen.add(termId);
      });
    });
    for (const [termId, { freq, mask }] of counts) {
      const list = postings.get(termId) ?? [];
      list.push([doc, freq, mask >>> 0]);
      postings.set(termId, list);
    }
    docLengths.push(length);
  });
  return { terms, paragraphDf, paragraphCount, docLengths, postings: terms.map((_, t) => postings.get(t) ?? []) };
}

function flatten(index: TermIndex) {
  const { terms, offsets, postings, freqs, masks, paragraphDf, paragraphCount, docLengths } = index.data;
  return {
    terms,
    paragraphDf: [...paragraphDf],
    paragraphCount,
    docLengths: [...docLengths],
    postings: terms.map((_, t) => {
      const list: Array<[number, number, number]> = [];
      for (let i = offsets[t]!; i < offsets[t + 1]!; i++) list.push([postings[i]!, freqs[i]!, masks[i]!]);
      return list;
    }),
  };
}

const TRICKY = [
  'Rémi et Zoë: café ÉLAN naïve — déjà vu; Ærø façade',
  'combining: cafe\u0301 and re\u0301sume\u0301, NFKD ﬁle ligature, Ｆｕｌｌｗｉｄｔｈ letters',
  'numbers 2024, 3.14, k8s, v2beta1, ²³ and ½ and Ⅻ and ٣٤ (Arabic-Indic)',
  'astral: 𝐀𝐁𝐂 bold math, 𝟙𝟚 digits, emoji 🚀🔥 between words, han 漢字 and かな',
  "quotes “curly” ‘single’ don't it's — em–dash…ellipsis",
  'the of and a an I x y z to be or not to be',
  'Edge-TPU, FPGA/ASIC, TensorFlow™ ®, e-mail, self-driving',
  '',
  'a',
  'Ωmega ΣΙΓΜΑ σίγμα Привет мир',
];

describe('TermIndexBuilder', () => {
  it('gives the same terms, postings and frequencies as one forEachTerm pass per paragraph', () => {
    const sources = [
      { title: 'Café culture in Zoë’s town', paragraphs: TRICKY.slice(0, 4) },
      { title: '', paragraphs: [] },
      { title: 'Numbers 2024 and k8s', paragraphs: TRICKY.slice(2) },
      {
        title: 'Edge TPU',
        paragraphs: Array.from({ length: 70 }, (_, i) => TRICKY[i % TRICKY.length]! + ` paragraph${i % 7}`),
      },
      { title: 'running runs ran', paragraphs: ['Running, runner, ran and runs.', 'RUNNING again', 'runs'] },
    ];
    expect(flatten(buildTermIndex(sources))).toEqual(reference(sources));
  });

  it('numbers terms in order of first appearance, like the previous builder', () => {
    const index = buildTermIndex([{ title: 'Zebra apple', paragraphs: ['mango zebra', 'kiwi'] }]);
    expect(index.data.terms).toEqual(['zebra', 'appl', 'mango', 'kiwi']);
  });

  it('takes paragraphs as byte ranges of one UTF-8 buffer', () => {
    const paragraphs = ['Déjà vu in Zürich', 'nothing here', 'Zürich again'];
    const bytes = new TextEncoder().encode(paragraphs.join('\n\n'));
    const ranges: number[] = [];
    let at = 0;
    for (const paragraph of paragraphs) {
      const length = new TextEncoder().encode(paragraph).length;
      ranges.push(at, at + length);
      at += length + 2;
    }
    const builder = new TermIndexBuilder();
    builder.addPost('A title', bytes, ranges);
    const direct = new TermIndex(builder.finish());
    expect(flatten(direct)).toEqual(flatten(buildTermIndex([{ title: 'A title', paragraphs }])));
  });

  it('learns acronyms the posts spell out beside them, in titles and paragraphs, and reads questions with them', () => {
    const index = buildTermIndex([
      {
        title: 'Storage',
        paragraphs: [
          'Pods reach their disks through the Container Storage Interface (CSI).',
          'Nothing (here) to learn, nor in (UPPER) alone.',
        ],
      },
      { title: 'Service Mesh Interface (SMI)', paragraphs: ['Every CSI driver runs as a pod.'] },
    ]);
    expect(index.data.acronyms).toEqual({ csi: ['container storage interface'], smi: ['service mesh interface'] });
    expect(index.acronyms.expansionsOf('csi')).toEqual([['contain', 'storag', 'interfac']]);
    // The built-in ones stay.
    expect(index.acronyms.expansionsOf('ai')).toEqual([['artifici', 'intellig']]);
  });
});

describe('TermIndex', () => {
  const sources = [
    {
      title: 'Kubernetes networking',
      paragraphs: ['Calico and Flannel overlays.', 'Nothing.', 'More about calico policies.'],
    },
    { title: 'Edge computing', paragraphs: ['TPUs and FPGAs at the edge.'] },
    {
      title: 'Holograms',
      paragraphs: Array.from({ length: 40 }, (_, i) =>
        i === 35 ? 'calico cats' : i === 39 ? 'epilogue' : `filler ${i}`,
      ),
    },
  ];
  const index = buildTermIndex(sources);

  it('says which paragraph buckets of a post hold any of the terms', () => {
    const calico = index.termId('calico')!;
    expect(index.paragraphMask(0, [calico])).toBe((1 << 0) | (1 << 2));
    expect(index.paragraphMask(1, [calico])).toBe(0);
    expect(index.paragraphMask(2, [calico])).toBe(1 << paragraphBucket(35, 40));
    expect(index.paragraphMask(0, [index.termId('kubernet')!])).toBe(0); // title only
    // The last bucket is bit 31: the mask reads as a positive number all the same.
    expect(index.paragraphMask(2, [index.termId('epilogu')!])).toBe(2 ** 31);
  });

  it('ranks posts by BM25', () => {
    const calico = index.termId('calico')!;
    const top = index.topPosts([{ termId: calico, boost: 1 }], 5);
    expect(top.map((hit) => hit.doc)).toEqual([0, 2]);
  });

  it('finds the same similar terms as a Levenshtein automaton (SearchableMap)', () => {
    const words = (
      'kubernetes kubernete kubernets kuberntes calico calicos calyco flannel flanel funnel overlay overlays overlap ' +
      'policy police polic edge edges hedge ledge tensorflow tensorflows tensorfloe fpga fpgas asic basic asics ' +
      'café cafe caff'
    ).split(' ');
    const vocabulary = buildTermIndex([{ title: '', paragraphs: [words.join(' ')] }]);
    const map = SearchableMap.from(vocabulary.data.terms.map((term, id) => [term, id] as [string, number]));
    for (const term of [...vocabulary.data.terms, 'kubernetis', 'calco', 'tensrflow', 'xyz', 'edgy', 'caffé']) {
      for (const distance of [1, 2]) {
        const expected = [...map.fuzzyGet(term, distance).keys()].filter((found) => found !== term).sort();
        expect(vocabulary.similarTerms(term, distance), `${term} ~${distance}`).toEqual(expected);
      }
    }
  });
});
