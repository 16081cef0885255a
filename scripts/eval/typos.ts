// One typing slip in each question, for `npm run eval -- --typos`: how well the bot answers a reader who mistypes a
// word. A letter is left out, added, changed, or swapped with the next, in one word of six letters or more (never its
// first letter), chosen by a seeded generator so that two runs compare.
import { STOP_WORDS } from '../../src/search/analyze.js';
import { mulberry32 } from '../corpus/brown.js';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** The questions, each with one slip (those with no word long enough stay as they are). */
export function withTypos<T extends { q: string }>(questions: readonly T[], seed = 1): T[] {
  const random = mulberry32(seed);
  return questions.map((question) => ({ ...question, q: withTypo(question.q, random) }));
}

export function withTypo(question: string, random: () => number): string {
  const words = [...question.matchAll(/[A-Za-z]{6,}/g)].filter((match) => !STOP_WORDS.has(match[0].toLowerCase()));
  if (words.length === 0) return question;
  const match = words[Math.floor(random() * words.length)]!;
  const start = match.index;
  return question.slice(0, start) + slip(match[0], random) + question.slice(start + match[0].length);
}

function slip(word: string, random: () => number): string {
  const at = 1 + Math.floor(random() * (word.length - 1));
  const letter = LETTERS[Math.floor(random() * LETTERS.length)]!;
  const head = word.slice(0, at);
  const tail = word.slice(at);
  switch (Math.floor(random() * 4)) {
    case 0:
      return head + letter + tail;
    case 1:
      if (letter !== tail[0]) return head + letter + tail.slice(1);
      break;
    case 2:
      if (tail.length > 1 && tail[0] !== tail[1]) return head + tail[1] + tail[0] + tail.slice(2);
      break;
  }
  return head + tail.slice(1);
}
