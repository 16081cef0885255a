// `npm run --silent stats -- [--days N] [--json] [--chart FILE.png] [--csv FILE.csv] [--data DIR]`: the question
// log's figures for scripts and for the owner's terminal. It reads DATA_DIR's database (every shard of this machine
// writes there) and creates nothing: with no database yet, every figure is zero.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import dotenv from 'dotenv';
import { ConfigError, readConfig } from './config.js';
import { createLogger } from './log.js';
import { toText } from './replies/render.js';
import { statsReply } from './replies/stats.js';
import { questionsCsv } from './stats/csv.js';
import { SqliteQuestionLog } from './store/question-log.js';
import type { QuestionStats } from './store/stats.js';

const USAGE = 'Usage: npm run --silent stats -- [--days N] [--json] [--chart FILE.png] [--csv FILE.csv] [--data DIR]';
const DEFAULT_DAYS = 30;

/** The JSON contract: these keys, in this order. */
export function statsJson(stats: QuestionStats) {
  return {
    questions: stats.questions,
    answered: stats.answered,
    unanswered: stats.unanswered,
    top_unanswered: stats.topUnanswered.map((gap) => ({
      keywords: gap.keywords,
      example: gap.example,
      count: gap.count,
    })),
    top_posts: stats.topPosts.map((post) => ({ slug: post.slug, count: post.count })),
    feedback: stats.feedback.map((post) => ({ slug: post.slug, up: post.up, down: post.down })),
  };
}

export async function main(argv: string[]): Promise<number> {
  dotenv.config({ quiet: true });
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        days: { type: 'string' },
        json: { type: 'boolean', default: false },
        chart: { type: 'string' },
        csv: { type: 'string' },
        data: { type: 'string' },
      },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const days = values.days === undefined ? DEFAULT_DAYS : Number(values.days);
  if (!Number.isInteger(days) || days < 1 || days > 3650) {
    process.stderr.write(`Expected --days to be a whole number from 1 to 3650, got "${values.days}".\n`);
    return 2;
  }
  let config;
  try {
    config = readConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
  // npm runs scripts from the project folder; --data, like --content, means the caller's folder.
  const base = process.env.INIT_CWD ?? process.cwd();
  const dataDir = values.data === undefined ? path.resolve(config.DATA_DIR) : path.resolve(base, values.data);
  const log = createLogger('silent');
  const questions = new SqliteQuestionLog({
    dataDir,
    enabled: config.LOG_QUESTIONS,
    retentionDays: config.QUESTION_RETENTION_DAYS,
    log,
  });
  try {
    if (!config.LOG_QUESTIONS)
      process.stderr.write(
        'The question log is off (LOG_QUESTIONS=false): nothing new is stored; ' +
          'these are the questions kept from before.\n',
      );
    const figures = questions.stats(days);
    if (!figures.ok) {
      process.stderr.write(`The question log in ${dataDir} cannot be read: ${figures.reason}.\n`);
      return 1;
    }
    if (values.chart !== undefined) {
      const { questionsChart } = await import('./stats/chart.js');
      const file = path.resolve(base, values.chart);
      await writeFile(file, await questionsChart(figures.value.perDay));
      process.stderr.write(`Chart written to ${file}.\n`);
    }
    if (values.csv !== undefined) {
      const rows = questions.rows(days);
      if (!rows.ok) {
        process.stderr.write(`The question log in ${dataDir} cannot be read: ${rows.reason}.\n`);
        return 1;
      }
      const file = path.resolve(base, values.csv);
      await writeFile(file, questionsCsv(rows.value).text);
      process.stderr.write(
        `CSV of ${rows.value.length} question${rows.value.length === 1 ? '' : 's'} written to ${file}.\n`,
      );
    }
    if (values.json) process.stdout.write(`${JSON.stringify(statsJson(figures.value))}\n`);
    else if (values.chart === undefined && values.csv === undefined)
      process.stdout.write(`${toText(statsReply(figures.value))}\n`);
    return 0;
  } finally {
    questions.close();
  }
}

// A reader that stops early (`| head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});
process.exitCode = await main(process.argv.slice(2));
