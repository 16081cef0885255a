// The benchmark's query set: the dev questions plus phrases taken from the corpus's own text (seeded, deterministic).
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../scripts/corpus/brown.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const DEV_QUESTIONS = path.join(here, '..', 'test', 'fixtures', 'dev-questions.json');

/** ~70 queries: every dev question, then `phrases` phrases of 2–5 words cut from random paragraphs of the corpus. */
export async function benchQueries(contentDir: string, phrases = 35, seed = 7): Promise<string[]> {
  const dev = JSON.parse(await readFile(DEV_QUESTIONS, 'utf8')) as { questions: Array<{ q: string }> };
  const queries = dev.questions.map((question) => question.q);
  const names = (await readdir(contentDir)).filter((name) => name.endsWith('.md')).sort();
  const rand = mulberry32(seed);
  let guard = 0;
  while (queries.length < dev.questions.length + phrases && guard++ < phrases * 20) {
    const name = names[Math.floor(rand() * names.length)]!;
    const text = await readFile(path.join(contentDir, name), 'utf8');
    const body = text.replace(/^---\n[\s\S]*?\n---\n/, '');
    const paragraphs = body
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter((p) => p.split(/\s+/).length >= 8 && !/^[#`|<>-]/.test(p));
    if (paragraphs.length === 0) continue;
    const words = paragraphs[Math.floor(rand() * paragraphs.length)]!.replace(/[*_`[\]()"“”]/g, ' ')
      .split(/\s+/)
      .filter(Boolean);
    const length = 2 + Math.floor(rand() * 4);
    const start = Math.floor(rand() * Math.max(1, words.length - length));
    const phrase = words
      .slice(start, start + length)
      .join(' ')
      .replace(/[.,;:!?]+$/, '');
    if (phrase.length >= 6) queries.push(phrase);
  }
  return queries;
}
