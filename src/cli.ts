// The command line: `ask`, `latest` and `check`, with --json output that stays stable for tools measuring the bot.
import path from 'node:path';
import { parseArgs } from 'node:util';
import dotenv from 'dotenv';
import { ContentFolderError, loadContent } from './content/load.js';
import { formatProblem } from './content/post.js';
import { Library, type Answer } from './library.js';
import { progressReporter } from './progress.js';
import { answerReply, latestReply } from './replies/build.js';
import { toText } from './replies/render.js';

const USAGE = `Usage:
  npm run --silent ask -- [--content DIR] [--results N] [--json] "QUESTION"   (no question: one per line on standard input)
  npm run --silent latest -- [--content DIR] [--count N] [--json]
  npm run --silent check -- [--content DIR]`;

export async function main(argv: string[]): Promise<number> {
  dotenv.config({ quiet: true });
  const [verb, ...rest] = argv;
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        content: { type: 'string' },
        results: { type: 'string' },
        count: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  // npm runs scripts from the project folder; a relative --content means the caller's folder.
  const base = process.env.INIT_CWD ?? process.cwd();
  const contentDir = path.resolve(base, values.content ?? process.env.CONTENT_DIR ?? path.join(process.cwd(), 'content'));

  try {
    switch (verb) {
      case 'check':
        return await check(contentDir);
      case 'ask':
        return await ask(contentDir, positionals.join(' '), numberOption(values.results, 3, 1, 10), values.json);
      case 'latest':
        return await latest(contentDir, numberOption(values.count, 5, 1, 100), values.json);
      default:
        process.stderr.write(`${USAGE}\n`);
        return 2;
    }
  } catch (error) {
    if (error instanceof ContentFolderError || error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

class UsageError extends Error {}

function numberOption(value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) throw new UsageError(`Expected a whole number from ${min} to ${max}, got "${value}".`);
  return number;
}

async function open(contentDir: string, warmUp = false): Promise<Library> {
  const library = await Library.open({ contentDir, onProgress: progressReporter(), warmUp, onWarning: (message) => process.stderr.write(`${message}\n`) });
  for (const problem of library.initialProblems) process.stderr.write(`${formatProblem(problem)}\n`);
  return library;
}

async function check(contentDir: string): Promise<number> {
  const { posts, problems, drafts } = await loadContent(contentDir);
  for (const problem of problems) process.stdout.write(`${formatProblem(problem)}\n`);
  for (const draft of drafts) process.stderr.write(`${formatProblem(draft)}\n`);
  process.stderr.write(`${posts.length} post${posts.length === 1 ? '' : 's'} valid, ${problems.length} problem${problems.length === 1 ? '' : 's'}.\n`);
  return problems.length === 0 ? 0 : 1;
}

export function answerJson(answer: Answer) {
  return {
    query: answer.query,
    keywords: answer.keywords,
    results: answer.results.map((r) => ({ slug: r.slug, title: r.title, url: r.url, link: r.link, date: r.date, score: r.score, confidence: r.confidence, excerpt: r.excerpt })),
    related: answer.related,
    took_ms: Math.round(answer.tookMs * 1000) / 1000,
  };
}

async function ask(contentDir: string, question: string, results: number, json: boolean): Promise<number> {
  // One question does not pay for warming up; a batch on standard input does, as the bot does.
  const library = await open(contentDir, question.trim() === '');
  const show = (line: string) => {
    let answer: Answer;
    try {
      answer = library.ask(line, results);
    } catch (error) {
      // One bad line must not end a batch: it gets an empty answer and a note on standard error.
      process.stderr.write(`Could not answer "${line.slice(0, 80)}": ${(error as Error).message}\n`);
      answer = { query: line, keywords: [], results: [], related: [], tookMs: 0 };
    }
    process.stdout.write(json ? `${JSON.stringify(answerJson(answer))}\n` : `${toText(answerReply(answer))}\n\n`);
  };
  if (question.trim() !== '') {
    show(question);
    return 0;
  }
  // No question: one per line on standard input, one answer per line, in order (an empty line gives no results).
  for await (const line of inputLines(process.stdin)) show(line);
  return 0;
}

/**
 * Lines as a caller counts them: ended by "\n" (a "\r" before it is dropped), the last one even without "\n".
 * Unlike readline, a lone "\r" or U+2028 inside a line does not split it, so answers stay one per input line.
 */
export async function* inputLines(input: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  for await (const chunk of input) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      yield pending.slice(0, newline).replace(/\r$/, '');
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
  }
  pending += decoder.decode();
  if (pending !== '') yield pending.replace(/\r$/, '');
}

async function latest(contentDir: string, count: number, json: boolean): Promise<number> {
  const library = await open(contentDir);
  const posts = library.latest(count);
  if (json) process.stdout.write(`${JSON.stringify({ posts: posts.map(({ slug, title, url, date }) => ({ slug, title, url, date })) })}\n`);
  else process.stdout.write(`${toText(latestReply(posts))}\n`);
  return 0;
}

// A reader that stops early (`| head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});
process.exitCode = await main(process.argv.slice(2));
