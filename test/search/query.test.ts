// What a question becomes before searching: the words that matter, acronyms joined to their long forms.
import { describe, expect, it } from 'vitest';
import { Acronyms, BUILT_IN_ACRONYMS } from '../../src/search/acronyms.js';
import { MAX_CONCEPTS, answerKindOf, parseQuery } from '../../src/search/query.js';

const alternativesOf = (question: string, label: string) =>
  parseQuery(question).concepts.find((concept) => concept.label === label)?.alternatives;

describe('parseQuery', () => {
  it('drops the filler around a question, keeping what it is about', () => {
    expect(parseQuery('What does the blog say about kubernetes security?').keywords).toEqual([
      'kubernetes',
      'security',
    ]);
    expect(parseQuery('yo can you tell me about blameless post-mortems').keywords).toEqual([
      'blameless',
      'post',
      'mortems',
    ]);
    expect(parseQuery("I'd like to know more about the Porsche museum").keywords).toEqual(['porsche', 'museum']);
    expect(parseQuery('is there a post about edge computing').keywords).toEqual(['edge', 'computing']);
    expect(parseQuery('what does FPGA stand for').keywords).toEqual(['fpga']);
  });

  it('reads a question about what a word means as a question about the word', () => {
    for (const question of [
      'MVP meaning',
      'What does MVP mean?',
      'define MVP',
      'MVP definition',
      'the meaning of MVP',
      'what is meant by MVP',
    ])
      expect(parseQuery(question).keywords).toEqual(['mvp']);
    // "mean" as a word of the subject stays.
    expect(parseQuery('mean time to recovery').keywords).toEqual(['mean', 'time', 'recovery']);
  });

  it('reads a question about a subject in general as a question about the subject', () => {
    for (const question of [
      'HoloLens overview',
      'how does HoloLens work?',
      'why is HoloLens important',
      'the benefits of HoloLens',
      'pros and cons of HoloLens',
      'an introduction to HoloLens',
      'HoloLens explained',
      'what is the point of HoloLens?',
      'getting started with HoloLens',
      'is HoloLens worth it?',
    ])
      expect(parseQuery(question).keywords).toEqual(['hololens']);
    // The same words as the subject's own stay.
    expect(parseQuery('point of sale').keywords).toEqual(['point', 'sale']);
    expect(parseQuery('how does he work with his boss').keywords).toEqual(['work', 'boss']);
    expect(parseQuery('Brainwave vs TPU').keywords).toEqual(['brainwave', 'tpu']);
  });

  it('has nothing to search for in a question made only of filler', () => {
    expect(parseQuery('hey, what do you think?').concepts).toEqual([]);
    expect(parseQuery('<@123456789> https://example.org/x').concepts).toEqual([]);
  });

  it('joins an acronym and its long forms both ways', () => {
    expect(alternativesOf('k8s networking', 'k8s')).toContainEqual(['kubernet']);
    expect(alternativesOf('kubernetes networking', 'kubernetes')).toContainEqual(['k8s']);
    expect(alternativesOf('AI at the edge', 'ai')).toContainEqual(['artifici', 'intellig']);
    expect(alternativesOf('artificial intelligence courses', 'artificial intelligence')).toContainEqual(['ai']);
    expect(alternativesOf('VR headsets', 'vr')).toContainEqual(['virtual', 'realiti']);
  });

  it('reaches the acronym from a plural long form and from a plural acronym', () => {
    expect(alternativesOf('minimum viable products', 'minimum viable products')).toContainEqual(['mvp']);
    expect(alternativesOf('should I answer all RFPs', 'rfps')).toContainEqual(['request', 'propos']);
  });

  it('reads the acronyms a blog spells out, beside the built-in ones', () => {
    const learned = new Acronyms(BUILT_IN_ACRONYMS, {
      tpu: ['tensorflow processing units'],
      csi: ['container storage interface'],
    });
    const alternatives = (question: string, label: string) =>
      parseQuery(question, learned).concepts.find((concept) => concept.label === label)?.alternatives;
    // A long form brings the acronym's other spellings: "tensor" finds the blog's "TensorFlow processing units".
    expect(alternatives('tensor processing units', 'tensor processing units')).toEqual([
      ['tensor', 'process', 'unit'],
      ['tpu'],
      ['tensorflow', 'process', 'unit'],
    ]);
    expect(alternatives('CSI drivers', 'csi')).toEqual([['csi'], ['contain', 'storag', 'interfac']]);
    expect(alternativesOf('CSI drivers', 'csi')).toEqual([['csi']]);
  });

  it('notes two words a post may write as one', () => {
    expect(parseQuery('data box edge').concepts[0]!.joined).toEqual({ next: 'box', term: 'databox' });
    expect(parseQuery('deep tech start-ups').concepts.find((concept) => concept.label === 'start')?.joined).toEqual({
      next: 'up',
      term: 'startup',
    });
    // Words with something between them are not joined.
    expect(parseQuery('data, box').concepts[0]!.joined).toBeUndefined();
  });

  it('keeps a quoted phrase as one idea and counts each idea once', () => {
    const parsed = parseQuery('"atmosphere of trust" trust trust');
    expect(parsed.concepts[0]).toMatchObject({
      label: 'atmosphere of trust',
      phrase: true,
      alternatives: [['atmospher', 'trust']],
    });
    expect(parsed.keywords).toEqual(['atmosphere of trust', 'trust']);
  });

  it('stays small for a very long question', () => {
    const parsed = parseQuery(Array.from({ length: 200 }, (_, i) => `word${i}`).join(' '));
    expect(parsed.concepts.length).toBeLessThanOrEqual(MAX_CONCEPTS);
    expect(parsed.text.length).toBeLessThanOrEqual(500);
  });

  it('cuts a very long question between words, so no half word is searched', () => {
    const parsed = parseQuery(Array.from({ length: 300 }, () => 'kubernetes').join(' '));
    expect(parsed.text.length).toBeLessThanOrEqual(500);
    expect(parsed.text.endsWith('kubernetes')).toBe(true);
    expect(parsed.keywords).toEqual(['kubernetes']);
  });
});

describe('answerKindOf', () => {
  it('tells the kind of answer a question asks for from its first words', () => {
    expect(answerKindOf('Why should post-mortems be blameless?')).toBe('reason');
    expect(answerKindOf('how long was the interview')).toBe('quantity');
    expect(answerKindOf('When does he start?')).toBe('time');
    expect(answerKindOf('who wrote the thesis')).toBe('person');
    expect(answerKindOf('Where could it be used?')).toBe('place');
    expect(answerKindOf('What are the steps of an IoT project?')).toBe('list');
    expect(answerKindOf('which were the main risks')).toBe('list');
    expect(answerKindOf('ways to cut cloud costs')).toBe('list');
    expect(answerKindOf('how does it work')).toBeUndefined();
    expect(answerKindOf('edge tpu')).toBeUndefined();
  });
});
