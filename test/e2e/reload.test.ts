// /reload through the real client: refused for members without Manage Server and in DMs (nothing reloaded);
// for a moderator it defers (type 5, ephemeral), re-reads the folder and edits @original with what changed.
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextUserId, postUrl, startTestBot, type TestBot } from '../support/test-bot.js';

const MANAGE_SERVER = '32';
const GUILD = '100000000000000001';
const MODERATOR_ROLE = '600000000000000001';
const OTHER_ROLE = '600000000000000002';
const ZEBRA = 'The zebrafish protocol is documented here.';

let t: TestBot;
beforeAll(async () => {
  t = await startTestBot({
    env: { MODERATOR_ROLE_IDS: MODERATOR_ROLE },
    fake: {
      guilds: [
        {
          id: GUILD,
          channels: [{ id: '200000000000000001' }],
          roles: [
            { id: MODERATOR_ROLE, name: 'mods' },
            { id: OTHER_ROLE, name: 'readers' },
          ],
        },
      ],
    },
  });
});
afterAll(async () => {
  await t?.stop();
});

const ask = (question: string) => t.discord.sendCommand('ask', { question }, { userId: nextUserId() });
// Excerpts only: the footer echoes the searched words.
const mentionsZebra = (data: Record<string, any>) =>
  ((data.embeds ?? []) as Array<Record<string, any>>).some((e) => /zebrafish/i.test(String(e.description)));

describe('/reload', () => {
  it('is refused, ephemerally, for a member without Manage Server, and reloads nothing', async () => {
    await appendFile(path.join(t.contentDir, 'blameless-post-mortem.md'), `\n${ZEBRA}\n`);
    const reply = await t.discord.sendCommand('reload', {}, { permissions: '0', userId: nextUserId() });
    const callback = await reply.callback();
    expect(callback.type).toBe(5);
    expect(Number(callback.data?.flags) & 64).toBe(64);
    const final = await reply.final();
    expect(final.content).toMatch(/Only members with the Manage Server permission/);
    expect(final.allowed_mentions).toEqual({ parse: [] });
    expect(t.logs.some((l) => l.msg === 'reload refused: not a moderator')).toBe(true);

    const after = await (await ask('zebrafish protocol')).final();
    expect(mentionsZebra(after)).toBe(false);
  });

  it('is refused for a member with another role', async () => {
    const reply = await t.discord.sendCommand(
      'reload',
      {},
      { permissions: '0', roles: [OTHER_ROLE], userId: nextUserId() },
    );
    expect((await reply.final()).content).toMatch(/Only members with the Manage Server permission/);
  });

  it('is refused in a DM', async () => {
    const reply = await t.discord.sendCommand('reload', {}, { dm: true, userId: nextUserId() });
    expect(Number((await reply.callback()).data?.flags) & 64).toBe(64);
    expect((await reply.final()).content).toMatch(/can only be used in a server/);
    expect(mentionsZebra(await (await ask('zebrafish protocol')).final())).toBe(false);
  });

  it('reloads for a moderator: lists Added/Changed and the broken file, keeps its last good version', async () => {
    // (blameless-post-mortem.md already holds the zebrafish sentence from the first test)
    await writeFile(
      path.join(t.contentDir, 'zz-new-post.md'),
      '---\ntitle: "A brand new post"\ndate: 2019-01-15\nurl: https://example.com/brand-new-post/\n---\n\nThe quokka ' +
        'census happens every spring on the island.\n',
    );
    const hololens = path.join(t.contentDir, 'testing-out-hololens.md');
    await writeFile(hololens, (await readFile(hololens, 'utf8')).replace('date: 2018-10-19', 'date: 2018-13-45'));

    const reply = await t.discord.sendCommand('reload', {}, { permissions: MANAGE_SERVER, userId: nextUserId() });
    const callback = await reply.callback();
    expect(callback.type).toBe(5);
    expect(Number(callback.data?.flags) & 64).toBe(64);
    const edit = await reply.waitForEdit();
    expect(
      t.discord.requests.some((r) => r.method === 'PATCH' && r.path.endsWith(`/${reply.token}/messages/@original`)),
    ).toBe(true);
    const text = String(edit.content);
    expect(text).toMatch(/Reloaded: 11 posts served/);
    expect(text).toMatch(/Added \(1\): zz-new-post/);
    expect(text).toMatch(/Changed \(1\): blameless-post-mortem/);
    expect(text).toMatch(/testing-out-hololens\.md:3: .*\(last good version kept\)/);
    expect(edit.allowed_mentions).toEqual({ parse: [] });

    const zebra = await (await ask('zebrafish protocol')).final();
    expect(mentionsZebra(zebra)).toBe(true);
    expect(String(zebra.embeds[0].url).startsWith(await postUrl('blameless-post-mortem'))).toBe(true);

    const quokka = await (await ask('quokka census')).final();
    expect(String(quokka.embeds[0].url).startsWith('https://example.com/brand-new-post/')).toBe(true);

    // The broken post is still served from its last good version.
    const porsche = await (await ask('What did the author try at the Porsche museum?')).final();
    expect(String(porsche.embeds[0].url).startsWith(await postUrl('testing-out-hololens'))).toBe(true);
  });

  it('is allowed for a member holding a MODERATOR_ROLE_IDS role, without Manage Server', async () => {
    await appendFile(
      path.join(t.contentDir, 'designing-your-own-job.md'),
      '\nThe narwhal ledger lists every side project.\n',
    );
    const reply = await t.discord.sendCommand(
      'reload',
      {},
      { permissions: '0', roles: [MODERATOR_ROLE], userId: nextUserId() },
    );
    const text = String((await reply.final()).content);
    expect(text).toMatch(/^Reloaded: 11 posts served\./);
    expect(text).toMatch(/Changed \(1\): designing-your-own-job/);
    const narwhal = await (await ask('narwhal ledger')).final();
    expect(String(narwhal.embeds[0].url).startsWith(await postUrl('designing-your-own-job'))).toBe(true);
  });
});
