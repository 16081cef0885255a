import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { plainText } from '../../src/replies/render.js';
import { stats } from '../../commands/stats.js';
import { context, invoker, tempDir } from '../content/factories.js';
import { ask, asked, testLog, unanswered, type TestLog } from '../store/factories.js';

const MODERATOR = invoker({ canManageServer: true });
const ROLE = '600000000000000001';

const run = (
  t: TestLog | undefined,
  who = MODERATOR,
  options: Record<string, number> = {},
  moderatorRoleIds: string[] = [],
) =>
  stats.run(
    options,
    context(undefined as never, {
      invoker: who,
      moderatorRoleIds,
      ...(t ? { questions: { log: t.questions, source: 'slash' as const, guildId: '1' } } : {}),
    }),
  );

describe('/stats', () => {
  it('shows a moderator the period in words, with the chart and the CSV attached, privately', async () => {
    const t = testLog({ now: () => Date.now() });
    ask(t.questions, asked({ topSlug: 'compost' }));
    ask(t.questions, unanswered('how tall is the eiffel tower', ['tall', 'eiffel', 'tower']));
    const reply = await run(t, MODERATOR, { days: 7 });
    expect(reply.private).toBe(true);
    expect(plainText(reply.text)).toMatch(/\(7 days, UTC\): 2 questions, 1 answered, 1 unanswered\./);
    expect(reply.cards.map((card) => card.title)).toEqual([
      'Unanswered questions, by keywords: what to write next',
      'Most-answered posts',
      '👍/👎 per post',
    ]);
    expect(plainText(reply.cards[0]!.body)).toBe('1. “how tall is the eiffel tower” ×1 · tall, eiffel, tower');
    expect(reply.files?.map((file) => file.name.replace(/\d{4}-\d\d-\d\d/g, 'DAY'))).toEqual([
      'questions-per-day-DAY-to-DAY.png',
      'questions-DAY-to-DAY.csv',
    ]);
    expect(Buffer.from(reply.files![0]!.data).subarray(1, 4).toString()).toBe('PNG');
    expect(plainText(reply.footer ?? [])).toBe('Attached: the questions-per-day chart and a CSV of every question.');
  });

  it('lets a role listed in MODERATOR_ROLE_IDS in', async () => {
    const reply = await run(testLog(), invoker({ roleIds: [ROLE] }), {}, [ROLE]);
    expect(reply.isError).toBeUndefined();
    expect(plainText(reply.text)).toMatch(/\(30 days, UTC\): no question yet/);
  });

  it('refuses a plain member, and anyone in a DM, with one sentence, and logs the attempt', async () => {
    for (const who of [invoker(), invoker({ canManageServer: true, inGuild: false })]) {
      const ctx = context(undefined as never, {
        invoker: who,
        questions: { log: testLog().questions, source: 'slash', guildId: null },
      });
      const reply = await stats.run({}, ctx);
      expect(reply).toMatchObject({
        text: ['Only moderators (members with the Manage Server permission) can use /stats, in a server.'],
        private: true,
        isError: true,
        cards: [],
      });
      expect(reply.files ?? []).toEqual([]);
      expect(ctx.logged()).toMatch(/stats refused: not a moderator/);
    }
  });

  it('says the log is off when LOG_QUESTIONS=false, and where the figures are outside Discord', async () => {
    expect(plainText((await run(testLog({ enabled: false }))).text)).toBe(
      'The question log is off (LOG_QUESTIONS=false): no question is stored, so there are no statistics.',
    );
    expect(plainText((await run(undefined)).text)).toMatch(/npm run stats/);
  });

  it('names the reason when the log cannot be read', async () => {
    const blocked = path.join(tempDir(), 'a-file');
    writeFileSync(blocked, 'in the way');
    const t = testLog({ dataDir: path.join(blocked, 'data') });
    ask(t.questions);
    expect(plainText((await run(t)).text)).toBe(
      'The question log cannot be read right now: the database file cannot be opened (check DATA_DIR).',
    );
  });
});
