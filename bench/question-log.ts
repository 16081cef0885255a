// What the question log adds to /ask: the same questions answered through the /ask handler and the Discord
// renderer, alternately without the log and with it (the question queued while answering, written to a real SQLite
// file in a temp DATA_DIR after the reply, as the router does). Reported: both paths' p50/p99, and the log's own
// work per question (queue + write) timed alone, p50/p99/max, beside a busy loop of the same median length: on a
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
import { SqliteQuestionLog } from '../src/store/question-log.js';

const QUESTIONS = 5000;
const MEMBER: Invoker = { id: '400000000000000001', inGuild: true, canManageServer: false, roleIds: [] };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const ms = (value: number) => `${value.toFixed(3)} ms`;

export async function measureQuestionLog(input: { dir: string; queries: string[] }): Promise<Array<{ label: string; value: string }>> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'blogbot-bench-data-'));
  const log = createLogger('warn');
  const library = await Library.open({ contentDir: input.dir, cacheDir: false });
  const questions = new SqliteQuestionLog({ dataDir, enabled: true, retentionDays: 90, log });
  const plain: CommandContext = { library, invoker: MEMBER, log, moderatorRoleIds: [] };
  const logged: CommandContext = { ...plain, questions: { log: questions, source: 'slash', guildId: '100000000000000001' } };
  const without: number[] = [];
  const withLog: number[] = [];
  const own: number[] = [];
  const control: number[] = [];
  let spin = 0;
  try {
    // The first write creates the database: part of the start, not of a question.
    questions.record({ source: 'slash', guildId: null, question: 'warm-up', keywords: [], topSlug: null, confidence: null, abstained: true, results: 0, tookMs: 0 });
    questions.flush();
    for (let n = 0; n < QUESTIONS; n++) {
      const question = input.queries[n % input.queries.length]!;
      let started = performance.now();
      toDiscord(await runCommand(ask, { question }, plain));
      without.push(performance.now() - started);

      started = performance.now();
      toDiscord(await runCommand(ask, { question }, logged));
      questions.flush();
      withLog.push(performance.now() - started);

      // The log's part alone: the question queued, then written.
      const answer = library.ask(question, 3);
      started = performance.now();
      questions.record({ source: 'slash', guildId: '100000000000000001', question: answer.query, keywords: answer.keywords, topSlug: answer.results[0]?.slug ?? null, confidence: answer.results[0]?.confidence ?? null, abstained: answer.results.length === 0, results: answer.results.length, tookMs: answer.tookMs });
      questions.flush();
      own.push(performance.now() - started);

      // The control: pure computation of about the same length as the log's median.
      const length = own.length > 50 ? [...own.slice(-50)].sort((a, b) => a - b)[25]! : 0.05;
      started = performance.now();
      while (performance.now() - started < length) spin += 1;
      control.push(performance.now() - started);
      // As in the bot, timers and I/O get their turn between questions.
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    questions.close();
    await rm(dataDir, { recursive: true, force: true });
  }
  for (const list of [without, withLog, own, control]) list.sort((a, b) => a - b);
  const over = (list: number[]) => list.filter((value) => value > 1).length;
  return [
    { label: `/ask handler + render, ${QUESTIONS} questions, without the log`, value: `p50 ${ms(percentile(without, 50))}, p99 ${ms(percentile(without, 99))}` },
    { label: 'with the log (queued, written after the reply)', value: `p50 ${ms(percentile(withLog, 50))}, p99 ${ms(percentile(withLog, 99))}` },
    { label: 'the log\'s own work per question (queue + SQLite write, WAL)', value: `p50 ${ms(percentile(own, 50))}, p99 ${ms(percentile(own, 99))}, max ${ms(own.at(-1)!)}, ${over(own)} over 1 ms` },
    { label: 'a busy loop as long as its median, for scale', value: `p50 ${ms(percentile(control, 50))}, p99 ${ms(percentile(control, 99))}, max ${ms(control.at(-1)!)}, ${over(control)} over 1 ms (${spin > 0 ? 'the machine\'s own noise' : ''})` },
  ];
}
