// The bot over a blog on the web (a feed and a WordPress API from local servers), through the real client: it
// answers from them, a refresh picks up a new post, a failing feed keeps its last good posts and is reported once to
// LOG_CHANNEL_ID, and a blog down at start is answered as "not loaded yet" until a refresh reads it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Post } from '../../src/content/post.js';
import { entryOf, essays, rssFeed, wordpressPost, wordpressRoute } from '../content/sources/feeds.js';
import { webServer, type WebServer } from '../content/sources/web-server.js';
import { nextUserId, sentBodies, startTestBot, type TestBot } from '../support/test-bot.js';

const GUILD = '100000000000000001';
const GENERAL = '200000000000000001';
const LOG_CHANNEL = '200000000000000002';
const fake = { guilds: [{ id: GUILD, channels: [{ id: GENERAL }, { id: LOG_CHANNEL, name: 'bot-log' }] }] };

/** A post the blog publishes while the bot runs. */
const QUOKKA = {
  title: 'The quokka census',
  link: 'https://blog.example/2024/quokka-census/',
  date: '2024-05-02',
  html: '<p>The quokka census happens every spring on the island.</p>',
  summary: 'Counting quokkas.',
  id: 'quokka',
};

let posts: Post[];
beforeAll(async () => {
  posts = await essays();
});

const ask = (t: TestBot, question: string) => t.discord.sendCommand('ask', { question }, { userId: nextUserId() });
const urls = (data: Record<string, any>) =>
  ((data.embeds ?? []) as Array<Record<string, any>>).map((embed) => String(embed.url).split('#')[0]);
/** The posts /latest lists, one Markdown link a line in its one card (parentheses percent-encoded there). */
const listed = (data: Record<string, any>) =>
  [...String(data.embeds?.[0]?.description ?? '').matchAll(/\]\((https?:\/\/[^)\s]+)\)/g)].map((match) =>
    decodeURI(match[1]!),
  );

describe('a bot over a feed and a WordPress site', () => {
  let t: TestBot;
  let feed: WebServer;
  beforeAll(async () => {
    feed = await webServer({ '/feed': { body: rssFeed(posts.slice(0, 5).map(entryOf)) } });
    const wordpress = await webServer({
      '/wp-json/wp/v2/posts': wordpressRoute(
        posts.slice(5).map((post, i) => wordpressPost(post, i + 1)),
        { maxPerPage: 2 },
      ),
    });
    t = await startTestBot({
      env: {
        CONTENT_SOURCE: `feed:${feed.origin}/feed, wordpress:${wordpress.origin}/`,
        LOG_CHANNEL_ID: LOG_CHANNEL,
        REFRESH_INTERVAL: '0',
      },
      fake,
      cacheDir: false,
    });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("answers /ask and /latest from both, with the posts' real links", async () => {
    const answer = await (await ask(t, 'What is a Deep Tech startup?')).final();
    expect(urls(answer)[0]).toBe(posts.find((post) => post.slug === 'the-comeback-of-research')!.url);
    const latest = await (await t.discord.sendCommand('latest', { count: 10 })).final();
    expect(new Set(listed(latest))).toEqual(new Set(posts.map((post) => post.url)));
  });

  it('picks up a post added to the feed at the next refresh', async () => {
    feed.routes['/feed'] = { body: rssFeed([...posts.slice(0, 5).map(entryOf), QUOKKA]) };
    const outcome = await t.refresher.refresh();
    expect(outcome).toMatchObject({ status: 'reloaded', problems: false });
    const answer = await (await ask(t, 'quokka census')).final();
    expect(urls(answer)[0]).toBe(QUOKKA.link);
  });

  it("keeps the feed's last good posts when it fails, tells LOG_CHANNEL_ID once, without pinging anyone", async () => {
    feed.routes['/feed'] = { status: 500, body: 'oops' };
    expect(await t.refresher.refresh()).toMatchObject({ status: 'reloaded', problems: true, newProblems: true });
    const report = await t.discord.waitForChannelMessage((message) => message.channelId === LOG_CHANNEL);
    expect(String(report.body.content)).toMatch(/^Automatic refresh\. Reloaded: 11 posts served\./);
    expect(String(report.body.content)).toMatch(
      /Could not read .*\/feed: .*500.* Its last good posts are still served\./,
    );
    expect(report.body.allowed_mentions).toEqual({ parse: [] });

    // The same failure again: no second message.
    expect(await t.refresher.refresh()).toMatchObject({ problems: true, newProblems: false });
    const answer = await (await ask(t, 'What is a Deep Tech startup?')).final();
    expect(urls(answer)[0]).toBe(posts.find((post) => post.slug === 'the-comeback-of-research')!.url);
    expect(t.discord.channelMessagesSent.filter((message) => message.channelId === LOG_CHANNEL)).toHaveLength(1);
  });

  it('answers /reload at once even while failures back off, naming the cause', async () => {
    const reply = await t.discord.sendCommand('reload', {}, { permissions: '32', userId: nextUserId() });
    const text = String((await reply.final()).content);
    expect(text).toMatch(/^Reloaded: 11 posts served\./);
    expect(text).toMatch(/answered HTTP 500/);
  });
});

describe('a bot whose blog is down at start', () => {
  let t: TestBot;
  let feed: WebServer;
  beforeAll(async () => {
    feed = await webServer({ '/feed': { status: 503, body: 'down for maintenance' } });
    t = await startTestBot({
      env: { CONTENT_SOURCE: `feed:${feed.origin}/feed`, REFRESH_INTERVAL: '0' },
      fake,
      cacheDir: false,
    });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('starts, and answers that the content is not loaded yet', async () => {
    expect(t.library.loaded).toBe(false);
    const answer = await (await ask(t, 'What is a Deep Tech startup?')).final();
    expect(answer.content).toBe("The blog's content isn't loaded yet, try again in a minute.");
    expect(answer.embeds ?? []).toEqual([]);
  });

  it('answers from the blog once a refresh could read it', async () => {
    feed.routes['/feed'] = { body: rssFeed(posts.map(entryOf)) };
    expect(await t.refresher.refresh()).toMatchObject({ status: 'reloaded' });
    const answer = await (await ask(t, 'What is a Deep Tech startup?')).final();
    expect(urls(answer)[0]).toBe(posts.find((post) => post.slug === 'the-comeback-of-research')!.url);
    expect(
      sentBodies(t.discord).every(
        (body) => body.allowed_mentions === undefined || JSON.stringify(body.allowed_mentions) === '{"parse":[]}',
      ),
    ).toBe(true);
  });
});
