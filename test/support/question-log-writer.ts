/**
 * question-log-writer: a process writing to a question log as one shard of the bot does.
 *
 *   node --import tsx test/support/question-log-writer.ts DATA_DIR COUNT [TAG]
 *
 * Prints "ready", waits for a line on standard input (so that two writers start together), then records and
 * flushes COUNT questions one at a time ("TAG question N"), closes the log, and prints one JSON line:
 * { "ids": [...], "warnings": [...] } (the log's warn lines).
 */
import { createInterface } from 'node:readline';
import { createLogger } from '../../src/log.js';
import { SqliteQuestionLog } from '../../src/store/question-log.js';

const [dataDir, countText, tag = 'writer'] = process.argv.slice(2);
const warnings: string[] = [];
const log = createLogger('warn', {
  // With SQLite's code, when there is one: "busy" has several causes (SQLITE_BUSY_SNAPSHOT, _RECOVERY…).
  write: (line: string) => {
    const { msg, code } = JSON.parse(line) as { msg: string; code?: string };
    warnings.push(code ? `${msg} (${code})` : msg);
  },
});
const questions = new SqliteQuestionLog({ dataDir: dataDir!, enabled: true, retentionDays: 90, log });

process.stdout.write('ready\n');
await new Promise<void>((resolve) => createInterface({ input: process.stdin }).once('line', () => resolve()));
const ids: Array<string | undefined> = [];
for (let n = 0; n < Number(countText); n++) {
  ids.push(
    questions.record({
      source: 'slash',
      guildId: null,
      question: `${tag} question ${n}`,
      keywords: [tag, 'question'],
      topSlug: null,
      confidence: null,
      abstained: true,
      results: 0,
      tookMs: 1,
    }),
  );
  questions.flush();
}
questions.close();
process.stdout.write(`${JSON.stringify({ ids, warnings })}\n`);
process.exit(0);
