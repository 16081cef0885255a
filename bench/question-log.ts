// What the question log adds to /ask: the same questions answered through the /ask handler and the Discord
// renderer, alternately without the log and with it, as the bot runs it (the question handed to the log's thread
// while answering; that thread writes it to a real SQLite file in a temp DATA_DIR). Reported: both paths' p50/p99; the
// log's work on the answering thread per question, timed alone; the
// write itself (the same SQLite log used in one thread, as the log's thread does it); and a busy loop as long as
// the answering thread's median: on a
// shared machine a 50 µs task is sometimes preempted for milliseconds, and the loop shows how much of a tail is the
// machine's. In-process: the network to Discord is the same either way, so what differs is measured without its noise.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ask } from '../commands/ask.js';
import type { CommandContext, Invoker } from '../src/command.js';
import { Library } from '../src/library.js';
import { createLogger } from '../src/log.js';
import { toDiscord } from '../src/replies/render.js';
import { runCommand } from '../src/run-command.js';
import { ThreadedQuestionLog } from '../src/store/log-thread.js';
import { SqliteQuestionLog } from '../src/store/question-log.js';

const QUESTIONS = 5000;
const MEMBER: Invoker = { id: '400000000000000001', inGuild: true, canManageServer: false, roleIds: [] };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const ms = (value: number) => `${value.toFixed(3)} ms`;

export async function measureQuestionLog(input: {
  dir: string;
  queries: string[];
}): Promise<Array<{ label: string; value: string }>> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'blogbot-bench-data-'));
  const log = createLogger('warn');
  const library = await Library.open({ contentDir: input.dir, cacheDir: false });
  const questions = new ThreadedQuestionLog({ dataDir, enabled: true, retentionDays: 90 }, log);
  const direct = new SqliteQuestionLog({
    dataDir: path.join(dataDir, 'direct'),
    enabled: true,
    retentionDays: 90,
    log,
  });
  const plain: CommandContext = { library, invoker: MEMBER, log, moderatorRoleIds: [] };
  const logged: CommandContext = {
    ...plain,
    questions: { log: questions, source: 'slash', guildId: '100000000000000001' },
  };
  const without: number[] = [];
  const withLog: number[] = [];
  const own: number[] = [];
  const write: number[] = [];
  const control: number[] = [];
  let spin = 0;
  try {
    // The first write creates the database (and the thread starts): part of the start, not of a question.
    const warmUp = {
      source: 'slash',
      guildId: null,
      question: 'warm-up',
      keywords: [],
      topSlug: null,
      confidence: null,
      abstained: true,
      results: 0,
      tookMs: 0,
    } as const;
    questions.record({ ...warmUp, keywords: [] });
    await questions.written();
    direct.record({ ...warmUp, keywords: [] });
    direct.flush();
    const entries = input.queries.map((question) => {
      const answer = library.ask(question, 3);
      return {
        source: 'slash' as const,
        guildId: '100000000000000001',
        question: answer.query,
        keywords: answer.keywords,
        topSlug: answer.results[0]?.slug ?? null,
        confidence: answer.results[0]?.confidence ?? null,
        abstained: answer.results.length === 0,
        results: answer.results.length,
        tookMs: answer.tookMs,
      };
    });
    // As in the bot, timers, I/O and the log thread's messages get their turn between questions.
    const turn = () => new Promise((resolve) => setImmediate(resolve));
    for (let n = 0; n < QUESTIONS; n++) {
      const question = input.queries[n % input.queries.length]!;
      let started = performance.now();
      toDiscord(await runCommand(ask, { question }, plain));
      without.push(performance.now() - started);
      await turn();
      started = performance.now();
      toDiscord(await runCommand(ask, { question }, logged));
      questions.flush();
      withLog.push(performance.now() - started);
      await turn();
    }
    await questions.written();
    // The log's part alone, on the answering thread: the question handed over.
    for (let n = 0; n < QUESTIONS; n++) {
      const started = performance.now();
      questions.record(entries[n % entries.length]!);
      questions.flush();
      own.push(performance.now() - started);
      await turn();
    }
    await questions.written();
    // The write itself, as the log's thread does it for one question.
    for (let n = 0; n < QUESTIONS; n++) {
      const started = performance.now();
      direct.record(entries[n % entries.length]!);
      direct.flush();
      write.push(performance.now() - started);
      await turn();
    }
    // The control: pure computation as long as the answering thread's median.
    const length = [...own].sort((a, b) => a - b)[Math.floor(own.length / 2)]!;
    for (let n = 0; n < QUESTIONS; n++) {
      const started = performance.now();
      while (performance.now() - started < length) spin += 1;
      control.push(performance.now() - started);
      await turn();
    }
  } finally {
    await questions.written();
    await questions.close();
    direct.close();
    await rm(dataDir, { recursive: true, force: true });
  }
  for (const list of [without, withLog, own, write, control]) list.sort((a, b) => a - b);
  const over = (list: number[]) => list.filter((value) => value > 1).length;
  return [
    {
      label: `/ask handler + render, ${QUESTIONS} questions, without the log`,
      value: `p50 ${ms(percentile(without, 50))}, p99 ${ms(percentile(without, 99))}`,
    },
    {
      label: 'with the log (handed to its thread)',
      value: `p50 ${ms(percentile(withLog, 50))}, p99 ${ms(percentile(withLog, 99))}`,
    },
    {
      label: "the log's work on the answering thread per question",
      value:
        `p50 ${ms(percentile(own, 50))}, p99 ${ms(percentile(own, 99))}, ` +
        `max ${ms(own.at(-1)!)}, ${over(own)} over 1 ms`,
    },
    {
      label: "the SQLite write itself, in the log's thread (WAL)",
      value: `p50 ${ms(percentile(write, 50))}, p99 ${ms(percentile(write, 99))}, max ${ms(write.at(-1)!)}`,
    },
    {
      label: 'a busy loop as long as its median, for scale',
      value:
        `p50 ${ms(percentile(control, 50))}, p99 ${ms(percentile(control, 99))}, ` +
        `max ${ms(control.at(-1)!)}, ${over(control)} over 1 ms ` +
        `(${spin > 0 ? "the machine's own noise" : ''})`,
    },
  ];
}
