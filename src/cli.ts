// The command line: `ask`, `latest` and `check`, with --json output that stays stable for tools measuring the bot.
// `ask` and `latest` run the same command handlers as Discord and the console, within the limits of their definitions.
import path from 'node:path';
import { parseArgs } from 'node:util';
import dotenv from 'dotenv';
import type { Command, CommandContext, Invoker } from './command.js';
import { ContentFolderError, loadContent } from './content/load.js';
import { formatProblem } from './content/post.js';
import { Library } from './library.js';
import { createLogger } from './log.js';
import { progressReporter } from './progress.js';
import { answerJson, replyJson } from './replies/json.js';
import { toText } from './replies/render.js';
import { runCommand } from './run-command.js';

const USAGE = `Usage:
  npm run --silent ask -- [--content DIR] [--results N] [--json] "QUESTION"   (no question: one per line on standard input)
  npm run --silent latest -- [--content DIR] [--count N] [--json]
  npm run --silent check -- [--content DIR]`;

// The command line is the owner's own terminal, as the console is.
const OWNER: Invoker = { id: 'cli', inGuild: false, canManageServer: true, roleIds: [] };

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
      // The commands' definitions load discord.js, which takes a while: `check` does without them.
      case 'ask': {
        const { ask: command } = await import('../commands/ask.js');
        return await ask(command, contentDir, positionals.join(' '), numberOption(command, 'results', values.results), values.json);
      }
      case 'latest': {
        const { latest: command } = await import('../commands/latest.js');
        return await latest(command, contentDir, numberOption(command, 'count', values.count), values.json);
      }
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

/** A whole-number option, within the bounds its command's definition gives Discord (unset: the command's default). */
function numberOption(command: Command, name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const spec = command.definition.toJSON().options?.find((option) => option.name === name) as { min_value?: number; max_value?: number } | undefined;
  const [min, max] = [spec?.min_value ?? -Infinity, spec?.max_value ?? Infinity];
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) throw new UsageError(`Expected a whole number from ${min} to ${max}, got "${value}".`);
  return number;
}

async function open(contentDir: string, warmUp = false): Promise<CommandContext> {
  const library = await Library.open({ contentDir, onProgress: progressReporter(), warmUp, onWarning: (message) => process.stderr.write(`${message}\n`) });
  for (const problem of library.initialProblems) process.stderr.write(`${formatProblem(problem)}\n`);
  return { library, invoker: OWNER, log: createLogger('error'), moderatorRoleIds: [] };
}

async function check(contentDir: string): Promise<number> {
  const { posts, problems, drafts } = await loadContent(contentDir);
  for (const problem of problems) process.stdout.write(`${formatProblem(problem)}\n`);
  for (const draft of drafts) process.stderr.write(`${formatProblem(draft)}\n`);
  process.stderr.write(`${posts.length} post${posts.length === 1 ? '' : 's'} valid, ${problems.length} problem${problems.length === 1 ? '' : 's'}.\n`);
  return problems.length === 0 ? 0 : 1;
}

async function ask(command: Command, contentDir: string, question: string, results: number | undefined, json: boolean): Promise<number> {
  // One question does not pay for warming up; a batch on standard input does, as the bot does.
  const context = await open(contentDir, question.trim() === '');
  const show = async (line: string) => {
    const reply = await runCommand(command, { question: line, results }, context);
    // A line that could not be answered (the error is logged) still gets its line of JSON: an empty answer.
    const data = replyJson(reply) ?? answerJson({ query: line, keywords: [], results: [], related: [], tookMs: 0 });
    process.stdout.write(json ? `${JSON.stringify(data)}\n` : `${toText(reply)}\n\n`);
  };
  if (question.trim() !== '') {
    await show(question);
    return 0;
  }
  // No question: one per line on standard input, one answer per line, in order (an empty line gives no results).
  for await (const line of inputLines(process.stdin)) await show(line);
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

async function latest(command: Command, contentDir: string, count: number | undefined, json: boolean): Promise<number> {
  const reply = await runCommand(command, { count }, await open(contentDir));
  const data = replyJson(reply);
  process.stdout.write(json && data ? `${JSON.stringify(data)}\n` : `${toText(reply)}\n`);
  return reply.isError ? 1 : 0;
}

// A reader that stops early (`| head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});
process.exitCode = await main(process.argv.slice(2));
