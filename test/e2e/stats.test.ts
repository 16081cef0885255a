// The question log end to end, through the real client and the fake Discord: questions asked by slash command,
// mention and DM (some unanswerable), 👍/👎 pressed under an answer, /stats for a moderator (chart and CSV
// attached, the unanswered questions listed) and refused for a member, `npm run stats -- --json` agreeing with what
// was asked, the log surviving a restart, LOG_QUESTIONS=false storing nothing, and a broken database not stopping
// any answer.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../src/store/open.js';
import { tempDir } from '../content/factories.js';
import type { Json } from '../support/fake-discord.js';
import { nextUserId, settle, spawnScript, startTestBot, type TestBot } from '../support/test-bot.js';

const MANAGE_SERVER = '32';
const ANSWERABLE = ['Why should post-mortems be blameless?', 'What is an autonomic system?', 'edge tpu'];
const UNANSWERABLE = ['how do I tune a saxophone', 'how tall is the eiffel tower'];
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const dataDir = path.join(tempDir('blogbot-e2e-stats-'), 'data');
let t: TestBot;
beforeAll(async () => {
  t = await startTestBot({ env: { DATA_DIR: dataDir } });
});
afterAll(async () => {
  await t?.stop();
});

/** Waits until the bot has nothing in flight and its log's thread has written every question. */
async function idle(bot: TestBot): Promise<void> {
  while (bot.bot.work.size > 0) await settle(20);
  await bot.bot.questions.written();
}

async function statsJson(dir: string, env: Record<string, string> = {}): Promise<Json> {
  const run = spawnScript('src/stats-cli.ts', { DATA_DIR: dir, ...env }, { args: ['--days', '7', '--json'] });
  expect(await run.exited, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Json;
}

/** The files sent with the reply's final message (a PATCH of @original after the defer). */
function filesOf(bot: TestBot, token: string) {
  return bot.discord.requests
    .filter((r) => r.method === 'PATCH' && r.path.includes(`/${token}/messages/@original`))
    .flatMap((r) => r.files);
}

const visibleText = (data: Json) =>
  [data.content, ...((data.embeds ?? []) as Json[]).flatMap((e) => [e.title, e.description, e.footer?.text])].join(
    '\n',
  );

describe('the question log through Discord', () => {
  let answered: Json | undefined;

  it('puts 👍/👎 buttons under an answer, and none under "no good match"', async () => {
    for (const question of ANSWERABLE) {
      const reply = await t.discord.sendCommand('ask', { question }, { userId: nextUserId() });
      const data = await reply.final();
      expect(data.embeds.length).toBeGreaterThan(0);
      // 👍/👎 follow the other buttons under an answer (buttons.test.ts).
      const buttons = (data.components as Json[])
        .flatMap((row) => row.components as Json[])
        .filter((button) => String(button.custom_id).startsWith('fb:'));
      expect(buttons.map((button) => button.emoji?.name)).toEqual(['👍', '👎']);
      for (const button of buttons) {
        expect(button.type).toBe(2);
        expect(String(button.custom_id).length).toBeLessThanOrEqual(100);
      }
      answered ??= reply.original();
    }
    for (const question of UNANSWERABLE) {
      const data = await (await t.discord.sendCommand('ask', { question }, { userId: nextUserId() })).final();
      expect(data.content).toMatch(/No good match/);
      // Nothing to rate; only the asker's Delete (buttons.test.ts).
      const labels = ((data.components ?? []) as Json[]).flatMap((row) => row.components as Json[]);
      expect(labels.map((button) => button.label)).toEqual(['Delete']);
    }
  });

  it('logs a mention and a DM too', async () => {
    const mention = await t.discord.sendMessage({
      content: '<@BOT> what is an autonomic system?',
      userId: nextUserId(),
    });
    const sent = await t.discord.waitForChannelMessage((m) => m.body.message_reference?.message_id === mention);
    expect(
      ((sent.body.components ?? []) as Json[])
        .flatMap((row) => row.components as Json[])
        .map((b) => b.emoji?.name)
        .slice(-2),
    ).toEqual(['👍', '👎']);
    const dmUser = nextUserId();
    const dm = await t.discord.sendMessage({ content: 'the history of pottery glazes', dm: true, userId: dmUser });
    await t.discord.waitForChannelMessage((m) => m.body.message_reference?.message_id === dm);
  });

  it("takes a member's 👍, privately thanked, and lets them change it to 👎", async () => {
    const voter = nextUserId();
    const buttons = (answered!.components as Json[]).flatMap((row) => row.components as Json[]);
    const up = buttons.find((b) => b.emoji?.name === '👍')!.custom_id as string;
    const down = buttons.find((b) => b.emoji?.name === '👎')!.custom_id as string;
    const first = await t.discord.sendButton(up, answered!, { userId: voter });
    const thanks = await first.callback();
    expect(thanks.type).toBe(4);
    expect(Number(thanks.data!.flags) & 64).toBe(64);
    expect(thanks.data!.content).toMatch(/Thanks for the feedback/);
    const second = await t.discord.sendButton(down, answered!, { userId: voter });
    expect((await second.final()).content).toMatch(/Thanks for the feedback/);
  });

  it('answers an unknown button with one private sentence', async () => {
    const press = await t.discord.sendButton('gone:1', answered!, { userId: nextUserId() });
    const data = await press.final();
    expect(data.content).toMatch(/This button no longer works/);
    expect(Number(data.flags) & 64).toBe(64);
  });

  it('/stats by a moderator: private, a PNG chart and a CSV attached, the unanswered questions listed', async () => {
    await idle(t);
    const reply = await t.discord.sendCommand(
      'stats',
      { days: 7 },
      { permissions: MANAGE_SERVER, userId: nextUserId() },
    );
    const callback = await reply.callback();
    expect(callback.type).toBe(5);
    expect(Number(callback.data?.flags) & 64).toBe(64);
    const data = await reply.final(15_000);
    const text = visibleText(data);
    expect(text).toMatch(/7 questions, 4 answered, 3 unanswered/);
    for (const question of [...UNANSWERABLE, 'the history of pottery glazes']) expect(text).toContain(question);
    expect(text).toMatch(/autonomous-versus-autonomic-systems \(2\)/);
    expect(text).toMatch(/👎 1/);
    const files = filesOf(t, reply.token);
    const png = files.find((file) => file.filename.endsWith('.png'));
    expect(png?.data.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(png!.size).toBeGreaterThan(5000);
    const csv = files.find((file) => file.filename.endsWith('.csv'))!.data.toString('utf8');
    expect(csv.trim().split('\r\n')).toHaveLength(1 + 7);
    expect(csv).toContain('how do I tune a saxophone');
    expect(((reply.original()?.attachments ?? []) as Json[]).map((a) => a.filename).sort()).toEqual(
      files.map((f) => f.filename).sort(),
    );
  });

  it('/stats by a plain member is refused with one sentence, privately', async () => {
    const reply = await t.discord.sendCommand('stats', {}, { permissions: '0', userId: nextUserId() });
    const data = await reply.final();
    expect(data.content).toBe(
      'Only moderators (members with the Manage Server permission) can use /stats, in a server.',
    );
    expect(data.embeds ?? []).toEqual([]);
    expect(filesOf(t, reply.token)).toEqual([]);
    expect(Number((await reply.callback()).data?.flags) & 64).toBe(64);
  });

  it('`npm run stats -- --json` counts what was asked', async () => {
    await idle(t);
    const json = await statsJson(dataDir);
    expect(json).toMatchObject({ questions: 7, answered: 4, unanswered: 3 });
    expect(json.top_unanswered).toHaveLength(3);
    expect(json.top_unanswered.map((gap: Json) => gap.example).sort()).toEqual(
      [...UNANSWERABLE, 'the history of pottery glazes'].sort(),
    );
    for (const gap of json.top_unanswered) expect(gap.count).toBe(1);
    expect(json.top_posts[0]).toEqual({ slug: 'autonomous-versus-autonomic-systems', count: 2 });
    expect(json.feedback).toEqual([{ slug: expect.any(String), up: 0, down: 1 }]);
    expect(Object.keys(json)).toEqual([
      'questions',
      'answered',
      'unanswered',
      'top_unanswered',
      'top_posts',
      'feedback',
    ]);
  });

  it('`npm run stats -- --chart FILE.png` writes the chart', async () => {
    const file = path.join(tempDir('blogbot-e2e-chart-'), 'chart.png');
    const run = spawnScript('src/stats-cli.ts', { DATA_DIR: dataDir }, { via: 'tsx', args: ['--chart', file] });
    expect(await run.exited, run.stderr).toBe(0);
    expect(run.stderr).toContain(`Chart written to ${file}.`);
    expect(readFileSync(file).subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  });

  it('keeps the log across a restart of the bot', async () => {
    await t.stop();
    t = await startTestBot({ env: { DATA_DIR: dataDir } });
    await (
      await t.discord.sendCommand('ask', { question: 'how do I tune a saxophone' }, { userId: nextUserId() })
    ).final();
    await idle(t);
    const json = await statsJson(dataDir);
    expect(json).toMatchObject({ questions: 8, answered: 4, unanswered: 4 });
    expect(json.top_unanswered[0]).toEqual({
      keywords: ['tune', 'saxophone'],
      example: 'how do I tune a saxophone',
      count: 2,
    });
  });
});

describe('LOG_QUESTIONS=false', () => {
  it('stores nothing, shows no feedback buttons, and /stats says the log is off', async () => {
    const offDir = path.join(tempDir('blogbot-e2e-off-'), 'data');
    const off = await startTestBot({ env: { DATA_DIR: offDir, LOG_QUESTIONS: 'false' } });
    try {
      const data = await (
        await off.discord.sendCommand('ask', { question: ANSWERABLE[0]! }, { userId: nextUserId() })
      ).final();
      expect(data.embeds.length).toBeGreaterThan(0);
      const buttons = ((data.components ?? []) as Json[]).flatMap((row) => row.components as Json[]);
      expect(buttons.filter((button) => String(button.custom_id).startsWith('fb:'))).toEqual([]);
      await (await off.discord.sendCommand('ask', { question: UNANSWERABLE[0]! }, { userId: nextUserId() })).final();
      const stats = await (
        await off.discord.sendCommand('stats', {}, { permissions: MANAGE_SERVER, userId: nextUserId() })
      ).final();
      expect(stats.content).toMatch(/The question log is off \(`LOG_QUESTIONS=false`\)/);
      await idle(off);
    } finally {
      await off.stop();
    }
    expect(existsSync(offDir)).toBe(false);
    expect(await statsJson(offDir, { LOG_QUESTIONS: 'false' })).toMatchObject({
      questions: 0,
      answered: 0,
      unanswered: 0,
    });
  });
});

describe('a broken question log', () => {
  it('leaves every question answered, with one warning in the log', async () => {
    const brokenDir = path.join(tempDir('blogbot-e2e-broken-'), 'data');
    mkdirSync(brokenDir);
    writeFileSync(path.join(brokenDir, DATABASE_FILE), Buffer.alloc(8192, 'garbage! '));
    const broken = await startTestBot({ env: { DATA_DIR: brokenDir } });
    try {
      for (const question of [...ANSWERABLE, ...UNANSWERABLE]) {
        const data = await (await broken.discord.sendCommand('ask', { question }, { userId: nextUserId() })).final();
        expect(data.content.length + (data.embeds?.length ?? 0)).toBeGreaterThan(0);
      }
      await idle(broken);
      const warnings = broken.logs.filter((line) => line.level === 40 && String(line.msg).startsWith('question log:'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]!.msg).toMatch(/damaged or is not a SQLite database/);
      const stats = await (
        await broken.discord.sendCommand('stats', {}, { permissions: MANAGE_SERVER, userId: nextUserId() })
      ).final(15_000);
      expect(stats.content).toMatch(/The question log cannot be read right now: the database file is damaged/);
    } finally {
      await broken.stop();
    }
    expect(readdirSync(brokenDir)).toContain(DATABASE_FILE);
  });
});
