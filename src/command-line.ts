// The command line's commands: `ask`, `latest` and `check`, with --json output that stays stable for tools measuring
// the bot. `ask` and `latest` run the same command handlers as Discord and the console, within the limits of their
// definitions. The process around them (src/cli.ts) hands in its streams, settings and folder.
import { parseArgs } from 'node:util';
import type { Command, CommandContext, Invoker } from './command.js';
import { ConfigError, contentSources, readConfig, sourceOptions } from './config.js';
import { formatProblem } from './content/post.js';
import type { SourceOptions } from './content/sources/create.js';
import { createSources } from './content/sources/create.js';
import { readSources } from './content/sources/read-all.js';
import { SourceError } from './content/sources/source.js';
import { Library } from './library.js';
import { createLogger } from './log.js';
import { type ProgressOutput, progressReporter } from './progress.js';
import { answerJson, replyJson } from './replies/json.js';
import { toText } from './replies/render.js';
import { runCommand } from './run-command.js';
import { defaultCacheDir } from './storage/snapshot-file.js';

const USAGE =
  `Usage:
  npm run --silent ask -- [--source SPEC | --content DIR] [--results N] [--json] "QUESTION"` +
  `   (no question: one per line on standard input)
  npm run --silent latest -- [--source SPEC | --content DIR] [--count N] [--json]
  npm run --silent check -- [--source SPEC | --content DIR]
  SPEC: a folder, feed:URL, wordpress:URL or a blog's http(s) address; ` +
  `several separated by commas (default: CONTENT_SOURCE, else CONTENT_DIR).`;

/** What the command line runs with: the process's own in src/cli.ts, anything alike in tests. */
export interface CliIo {
  /** The settings (process.env, with .env loaded). */
  env: NodeJS.ProcessEnv;
  /** The folder the command runs in (npm's: the project's). */
  cwd: string;
  /** Questions, one per line, for `ask` without a question. */
  stdin: AsyncIterable<Buffer | string>;
  stdout: { write(text: string): unknown };
  /** Errors and notes; progress lines too, when it is a terminal. */
  stderr: ProgressOutput;
}

/** Where the posts come from, as the command line and the settings say. */
interface Content {
  specs: string[];
  options: SourceOptions;
}

// The command line is the owner's own terminal, as the console is.
const OWNER: Invoker = { id: 'cli', inGuild: false, canManageServer: true, roleIds: [] };

/** Runs one command line (its words after the program's name); returns the exit code. */
export async function runCommandLine(argv: string[], io: CliIo): Promise<number> {
  const [verb, ...rest] = argv;
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        content: { type: 'string' },
        source: { type: 'string', multiple: true },
        results: { type: 'string' },
        count: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;

  try {
    // npm runs scripts from the project folder; a relative --content or --source means the caller's folder (the
    // default `content` folder is the project's).
    const config = readConfig(io.env);
    const base = values.source || values.content ? (io.env.INIT_CWD ?? io.cwd) : io.cwd;
    const content: Content = {
      specs: contentSources(
        config,
        {
          ...(values.source && { source: values.source }),
          ...(values.content !== undefined && { content: values.content }),
        },
        base,
      ).specs,
      options: sourceOptions(config),
    };
    switch (verb) {
      case 'check':
        return await check(content, io);
      // The commands' definitions load discord.js, which takes a while: `check` does without them.
      case 'ask': {
        const { ask: command } = await import('../commands/ask.js');
        return await ask(
          command,
          content,
          positionals.join(' '),
          numberOption(command, 'results', values.results),
          values.json,
          io,
        );
      }
      case 'latest': {
        const { latest: command } = await import('../commands/latest.js');
        return await latest(command, content, numberOption(command, 'count', values.count), values.json, io);
      }
      default:
        io.stderr.write(`${USAGE}\n`);
        return 2;
    }
  } catch (error) {
    if (error instanceof SourceError || error instanceof ConfigError || error instanceof UsageError) {
      io.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

class UsageError extends Error {}

/** A whole-number option, within the bounds its command's definition gives Discord (unset: the command's default). */
function numberOption(command: Command, name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const spec = command.definition.toJSON().options?.find((option) => option.name === name) as
    | { min_value?: number; max_value?: number }
    | undefined;
  const [min, max] = [spec?.min_value ?? -Infinity, spec?.max_value ?? Infinity];
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max)
    throw new UsageError(`Expected a whole number from ${min} to ${max}, got "${value}".`);
  return number;
}

/** Throws SourceError (one sentence per source) when no source can be read. */
async function open(content: Content, io: CliIo, warmUp = false): Promise<CommandContext> {
  const library = await Library.open({
    sources: content.specs,
    sourceOptions: content.options,
    cacheDir: defaultCacheDir(io.env),
    onProgress: progressReporter(io.stderr),
    warmUp,
    onWarning: (message) => io.stderr.write(`${message}\n`),
  });
  for (const outcome of library.initialSources)
    if (outcome.status === 'failed') io.stderr.write(`${outcome.reason} Its last good posts are served, if any.\n`);
  for (const problem of library.initialProblems) io.stderr.write(`${formatProblem(problem)}\n`);
  return { library, invoker: OWNER, log: createLogger('error'), moderatorRoleIds: [] };
}

/**
 * Reads every source as the bot would: each problem as FILE:LINE: reason on standard output; a source that cannot
 * be read, drafts and what the sources said (a feed with summaries only) on standard error. Exit 1 on any of the
 * first two.
 */
async function check(content: Content, io: CliIo): Promise<number> {
  const made = createSources(content.specs, content.options);
  if (!made.ok) throw new SourceError(made.error);
  let valid = 0;
  const read = await readSources(made.sources, { onPost: () => valid++ });
  const failed = read.outcomes.filter((outcome) => outcome.status === 'failed');
  for (const outcome of failed) io.stderr.write(`${outcome.reason}\n`);
  if (failed.length === read.outcomes.length) return 1;
  for (const problem of read.problems) io.stdout.write(`${formatProblem(problem)}\n`);
  for (const draft of read.drafts) io.stderr.write(`${formatProblem(draft)}\n`);
  for (const note of read.outcomes.flatMap((outcome) => outcome.notes)) io.stderr.write(`${note}\n`);
  const problems = read.problems.length;
  io.stderr.write(`${valid} post${valid === 1 ? '' : 's'} valid, ${problems} problem${problems === 1 ? '' : 's'}.\n`);
  return problems === 0 && failed.length === 0 ? 0 : 1;
}

async function ask(
  command: Command,
  content: Content,
  question: string,
  results: number | undefined,
  json: boolean,
  io: CliIo,
): Promise<number> {
  // One question does not pay for warming up; a batch on standard input does, as the bot does.
  const context = await open(content, io, question.trim() === '');
  const show = async (line: string) => {
    const reply = await runCommand(command, { question: line, results }, context);
    // A line that could not be answered (the error is logged) still gets its line of JSON: an empty answer.
    const data = replyJson(reply) ?? answerJson({ query: line, keywords: [], results: [], related: [], tookMs: 0 });
    io.stdout.write(json ? `${JSON.stringify(data)}\n` : `${toText(reply)}\n\n`);
  };
  if (question.trim() !== '') {
    await show(question);
    return 0;
  }
  // No question: one per line on standard input, one answer per line, in order (an empty line gives no results).
  for await (const line of inputLines(io.stdin)) await show(line);
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

async function latest(
  command: Command,
  content: Content,
  count: number | undefined,
  json: boolean,
  io: CliIo,
): Promise<number> {
  const reply = await runCommand(command, { count }, await open(content, io));
  const data = replyJson(reply);
  io.stdout.write(json && data ? `${JSON.stringify(data)}\n` : `${toText(reply)}\n`);
  return reply.isError ? 1 : 0;
}
