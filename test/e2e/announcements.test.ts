// New-post announcements through the real client and the fake Discord, over a feed from a local server: nothing at
// the first load, a new post once (title, date, summary, a "Read the post" link button, no ping), never again after
// a reload, an edit or a restart, a backfill silently, many at once as one message, and ANNOUNCE_ROLE_ID pinged alone.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Post } from '../../src/content/post.js';
import { entryOf, essays, rssFeed, type FeedEntry } from '../content/sources/feeds.js';
import { webServer, type WebServer } from '../content/sources/web-server.js';
import type { Json } from '../support/fake-discord.js';
import { limitProblems, nextUserId, startTestBot, type TestBot } from '../support/test-bot.js';

const GUILD = '100000000000000001';
const GENERAL = '200000000000000001';
const NEWS = '200000000000000003';
const ROLE = '600000000000000007';
const fake = {
  guilds: [
    { id: GUILD, channels: [{ id: GENERAL }, { id: NEWS, name: 'news' }], roles: [{ id: ROLE, name: 'readers' }] },
  ],
};

const today = new Date().toISOString().slice(0, 10);
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/** A post the blog publishes while the bot runs. */
function fresh(slug: string, title: string, date = today): FeedEntry {
  return {
    title,
    link: `https://blog.example/${slug}/`,
    date,
    html: `<p>${title}: a few words about it.</p>`,
    summary: `All about ${title.toLowerCase()}.`,
    id: `urn:post:${slug}`,
  };
}

let posts: Post[];
let feed: WebServer;
let dataDir: string;
let entries: FeedEntry[];
const publish = (...added: FeedEntry[]) => {
  entries = [...entries, ...added];
  feed.routes['/feed'] = { body: rssFeed(entries) };
};

beforeAll(async () => {
  posts = await essays();
  entries = posts.slice(0, 4).map(entryOf);
  feed = await webServer({ '/feed': { body: rssFeed(entries) } });
  dataDir = path.join(await mkdtemp(path.join(tmpdir(), 'blogbot-e2e-announce-')), 'data');
});
afterAll(async () => {
  await rm(path.dirname(dataDir), { recursive: true, force: true });
});

function bot(env: Record<string, string> = {}): Promise<TestBot> {
  return startTestBot({
    env: {
      CONTENT_SOURCE: `feed:${feed.origin}/feed`,
      ANNOUNCE_CHANNEL_ID: NEWS,
      DATA_DIR: dataDir,
      REFRESH_INTERVAL: '0',
      ...env,
    },
    fake,
    cacheDir: false,
  });
}

/** Waits until the bot has looked for new posts `count` times in all (at start, then after each reload). */
async function checked(t: TestBot, count: number): Promise<void> {
  await expect
    .poll(() => t.logs.filter((line) => line.msg === 'looked for new posts').length, { timeout: 5000 })
    .toBeGreaterThanOrEqual(count);
}

const announced = (t: TestBot): Json[] =>
  t.discord.channelMessagesSent.filter((message) => message.channelId === NEWS).map((message) => message.body);

describe('new-post announcements', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await bot();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('announces nothing at the first load', async () => {
    await checked(t, 1);
    expect(t.library.posts).toHaveLength(4);
    expect(announced(t)).toEqual([]);
    expect(t.logs.some((line) => line.msg === 'posts added without an announcement' && line.firstLoad === 4)).toBe(
      true,
    );
  });

  it('announces a new post once: title, date, summary and a link button, pinging nobody', async () => {
    const quokka = fresh('quokka-census', 'The quokka census');
    publish(quokka);
    expect(await t.refresher.refresh()).toMatchObject({ status: 'reloaded' });
    const message = await t.discord.waitForChannelMessage((sent) => sent.channelId === NEWS);
    expect(message.body.content).toBe('New on the blog:');
    expect(message.body.embeds).toHaveLength(1);
    const [embed] = message.body.embeds as Json[];
    expect(embed).toMatchObject({ title: quokka.title, url: quokka.link });
    expect(String(embed!.description)).toContain(today);
    expect(String(embed!.description)).toContain('All about the quokka census.');
    expect(message.body.components).toEqual([
      { type: 1, components: [{ type: 2, style: 5, url: quokka.link, label: 'Read the post' }] },
    ]);
    expect(message.body.allowed_mentions).toEqual({ parse: [] });
    expect(limitProblems(message.body)).toEqual([]);

    await checked(t, 2);

    // Checked again, reloaded by a moderator, edited: never announced again.
    expect(await t.refresher.refresh()).toBeUndefined();
    await (await t.discord.sendCommand('reload', {}, { permissions: '32', userId: nextUserId() })).final();
    await checked(t, 3);
    entries = entries.map((entry) =>
      entry.id === quokka.id ? { ...entry, title: 'The quokka census, revised', html: '<p>Counted again.</p>' } : entry,
    );
    publish();
    expect(await t.refresher.refresh()).toMatchObject({ status: 'reloaded' });
    await checked(t, 4);
    const latest = await (await t.discord.sendCommand('latest', { count: 1 })).final();
    expect(String(latest.embeds[0].description)).toContain('The quokka census, revised');
    expect(announced(t)).toHaveLength(1);
  });

  it('adds a post dated more than 7 days back silently (backfill)', async () => {
    publish(fresh('old-notes', 'Old notes', daysAgo(30)));
    expect(await t.refresher.refresh()).toMatchObject({ status: 'reloaded' });
    await checked(t, 5);
    expect(t.library.posts.some((post) => post.slug === 'old-notes')).toBe(true);
    expect(announced(t)).toHaveLength(1);
    expect(t.logs.some((line) => line.msg === 'posts added without an announcement' && line.backfill === 1)).toBe(true);
  });

  it('turns more than 5 new posts at once into one message naming how many, with the 5 newest', async () => {
    const batch = Array.from({ length: 7 }, (_, i) => fresh(`batch-${i}`, `Batch post ${i}`, daysAgo(6 - i)));
    publish(...batch);
    await t.refresher.refresh();
    const message = await t.discord.waitForChannelMessage((sent) => sent.channelId === NEWS);
    expect(message.body.content).toBe('7 new posts on the blog. The 5 newest:');
    expect((message.body.embeds as Json[]).map((embed) => embed.title)).toEqual([
      'Batch post 6',
      'Batch post 5',
      'Batch post 4',
      'Batch post 3',
      'Batch post 2',
    ]);
    expect(
      (message.body.components as Json[])
        .flatMap((row) => row.components)
        .map((button: Json) => [button.style, button.label]),
    ).toEqual([6, 5, 4, 3, 2].map((i) => [5, `Batch post ${i}`]));
    expect(limitProblems(message.body)).toEqual([]);
    expect(announced(t)).toHaveLength(2);
  });

  it('re-announces nothing after a restart, then the next new post once, pinging ANNOUNCE_ROLE_ID only', async () => {
    await t.stop();
    t = await bot({ ANNOUNCE_ROLE_ID: ROLE });
    await checked(t, 1);
    expect(announced(t)).toEqual([]);
    publish(fresh('after-restart', 'After the restart'));
    await t.refresher.refresh();
    const message = await t.discord.waitForChannelMessage((sent) => sent.channelId === NEWS);
    expect(message.body.content).toBe(`<@&${ROLE}> New on the blog:`);
    expect(message.body.allowed_mentions).toEqual({ parse: [], roles: [ROLE] });
    expect(announced(t)).toHaveLength(1);
  });
});
