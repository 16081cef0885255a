import { describe, expect, it } from 'vitest';
import { plainInline, toParagraphs } from '../../src/content/paragraphs.js';

describe('toParagraphs', () => {
  it('splits on blank lines and joins the lines of one paragraph', () => {
    expect(toParagraphs('One line\nstill the first.\n\n\nSecond paragraph.\n')).toEqual([
      { text: 'One line\nstill the first.', heading: '' },
      { text: 'Second paragraph.', heading: '' },
    ]);
  });

  it('gives each paragraph the nearest heading above it, and headings are not paragraphs', () => {
    const paragraphs = toParagraphs('Intro.\n\n## Edge *computing* ##\nUnder it.\n\n### Deeper\n\nAgain.');
    expect(paragraphs).toEqual([
      { text: 'Intro.', heading: '' },
      { text: 'Under it.', heading: 'Edge computing' },
      { text: 'Again.', heading: 'Deeper' },
    ]);
  });

  it('keeps a fenced code block as one paragraph of code lines, with its # lines and blank lines untouched', () => {
    const paragraphs = toParagraphs('Before.\n\n```sh\n# not a heading\nnpm test\n```\n\nAfter.');
    expect(paragraphs.map((p) => p.text)).toEqual(['Before.', '`# not a heading`\n`npm test`', 'After.']);
    expect(paragraphs[2]!.heading).toBe('');
  });

  it('shows list items with a bullet and quotes without their marker', () => {
    expect(toParagraphs('- first\n* second\n+ third\n\n> quoted words').map((p) => p.text)).toEqual([
      '• first\n• second\n• third',
      'quoted words',
    ]);
  });

  it('returns nothing for an empty body', () => {
    expect(toParagraphs('')).toEqual([]);
    expect(toParagraphs('\n\n   \n')).toEqual([]);
  });
});

describe('code', () => {
  it('keeps inline code marked in paragraphs, and drops the marks in headings', () => {
    expect(toParagraphs('## Using `kubectl`\n\nRun `kubectl apply -f app.yaml` first.')).toEqual([
      { text: 'Run `kubectl apply -f app.yaml` first.', heading: 'Using kubectl' },
    ]);
    expect(plainInline('`code` span', { keepCode: false })).toBe('code span');
  });
});

describe('plainInline', () => {
  it.each([
    ['a [link](https://x.example) here', 'a link here'],
    ['an ![image alt](pic.png)', 'an image alt'],
    ['**bold** and __strong__', 'bold and strong'],
    ['*em* and _em_', 'em and em'],
    ['`code` span', '`code` span'],
    ['run ``a `b` c`` now', 'run `a ˋbˋ c` now'],
    ['`<div class="x">` and `*args`', '`<div class="x">` and `*args`'],
    ['[the `kubectl` docs](https://k8s.example)', 'the `kubectl` docs'],
    ['some <b>html</b> tags', 'some html tags'],
    ['snake_case_name stays', 'snake_case_name stays'],
    ['2 * 3 * 4', '2 * 3 * 4'],
    ['  many   spaces\there ', 'many spaces here'],
  ])('%s → %s', (input, expected) => {
    expect(plainInline(input)).toBe(expected);
  });
});
