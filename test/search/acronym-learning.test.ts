// Learning the acronyms a blog spells out beside them: the long form's initials spell the acronym, either way round.
import { describe, expect, it } from 'vitest';
import { AcronymCollector, acronymsBeside } from '../../src/search/acronym-learning.js';

describe('acronymsBeside', () => {
  it('learns a long form written before its acronym, or after it', () => {
    expect(acronymsBeside('Google announced the Tensorflow Processing Unit (TPU) in 2016.')).toEqual([
      { acronym: 'tpu', longForm: 'tensorflow processing unit' },
    ]);
    expect(acronymsBeside('we would then add GPU (Graphical Processing Units, as in your graphics cards).')).toEqual([
      { acronym: 'gpu', longForm: 'graphical processing units' },
    ]);
  });

  it('reads plural acronyms, hyphens, small words and capitals inside the acronym', () => {
    expect(acronymsBeside('Field-Programmable Gate Arrays (FPGAs) are reprogrammable.')).toEqual([
      { acronym: 'fpga', longForm: 'field programmable gate arrays' },
    ]);
    expect(acronymsBeside('the Internet of Things (IoT) and Software as a Service (SaaS)')).toEqual([
      { acronym: 'iot', longForm: 'internet of things' },
      { acronym: 'saas', longForm: 'software as a service' },
    ]);
    expect(acronymsBeside('data from the Bureau of Labor Statistics (BLS)')).toEqual([
      { acronym: 'bls', longForm: 'bureau of labor statistics' },
    ]);
    expect(acronymsBeside('figures of the Office of Business Economics (OBE)')).toEqual([
      { acronym: 'obe', longForm: 'office of business economics' },
    ]);
  });

  it('learns nothing when the initials do not spell the acronym, or nothing stands beside it', () => {
    expect(acronymsBeside('managed Kubernetes services (AKS, EKS or Openshift for example)')).toEqual([]);
    expect(acronymsBeside('a list (of things) in lowercase (ok)')).toEqual([]);
    expect(acronymsBeside('Tensor Processing Unit, also called (TPU)')).toEqual([]);
    expect(acronymsBeside('TPU (a chip by Google)')).toEqual([]);
    expect(acronymsBeside('')).toEqual([]);
  });
});

describe('AcronymCollector', () => {
  it('keeps each long form once (by its terms), the most written first', () => {
    const collector = new AcronymCollector();
    collector.add('The Minimal Viable Product (MVP) comes first.');
    collector.add('A minimum viable product (MVP) is small. Minimum Viable Products (MVPs) are cheap.');
    collector.add('Return on Investment (ROI).');
    expect(collector.finish()).toEqual({
      mvp: ['minimum viable product', 'minimal viable product'],
      roi: ['return on investment'],
    });
  });
});
