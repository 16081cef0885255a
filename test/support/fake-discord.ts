/**
 * fake-discord: a local stand-in for Discord's REST API and gateway, so an
 * unmodified discord.js `Client` can log in and be driven end to end.
 *
 *   const discord = await startFakeDiscord();          // options: see FakeDiscordOptions
 *   const client = new Client({ intents, partials: [Partials.Channel],
 *     rest: { api: discord.apiUrl, offset: 0, timeout: 2000 } });
 *   client.once('clientReady', ...);                   // register BEFORE login()
 *   await client.login('any-token');                   // resolves before guilds arrive
 *   await discord.waitForIdentify();                   // READY + GUILD_CREATE sent
 *
 *   const reply = await discord.sendCommand('ask', { question: 'edge tpu', results: 2 },
 *                                           { permissions: '32' });   // '32' = Manage Server
 *   // member roles: { roles: ['600…'] }, with startFakeDiscord({ guilds: [{ id, roles: [{ id: '600…' }] }] })
 *   await reply.callback();     // {type, data} of POST /interactions/:id/:token/callback
 *   await reply.final();        // the visible message body: callback data (type 4/8),
 *                               // or the first PATCH @original body after a defer (type 5)
 *   await reply.waitForEdit(b => ...), reply.waitForFollowUp(b => ...)
 *   const press = await discord.sendButton('fb:up:ID', reply.original()!);   // type 3, on a message the bot sent
 *   const ac = await discord.sendAutocomplete('ask', { question: 'edg' }, 'question');
 *   (await ac.callback()).data.choices
 *
 *   const id = await discord.sendMessage({ content: 'question', mentionBot: true });
 *   const sent = await discord.waitForChannelMessage(m => ..., 5000);  // POST /channels/:id/messages
 *   sent.body.content, sent.channelId, sent.message (the message object returned)
 *
 *   discord.identifies          // IDENTIFY `d` payloads (check `.intents`)
 *   discord.requests            // every HTTP request {method, path, query, body, files, status, time}
 *   discord.commandRegistrations// PUT .../commands bodies {scope, guildId, commands}
 *   discord.failNext(/POST .*\/callback$/, { status: 429, retryAfter: 0.2 })   // or { status: 500 }
 *   discord.dropConnection(4000); await discord.waitForResume(); discord.resumes
 *   startFakeDiscord({ identifyCloseCode: 4014 })  // IDENTIFY answered by a close (4004, 4014, ...)
 *   client.destroy(); await discord.close();
 *
 * Details and conventions:
 * - Paths in `requests` are URL-decoded (`/api/v10/webhooks/:app/:token/messages/@original`).
 *   `failNext` regexes are tested against `"METHOD /api/v10/..."` (decoded path, no query).
 * - Every waiting helper takes `timeoutMs` (default `defaultTimeoutMs`, 5000) and rejects with
 *   "fake-discord: timed out after N ms waiting for <what>" plus the last few requests.
 * - `waitForChannelMessage` consumes: each bot message is returned by at most one call, in order.
 * - Intents are enforced like Discord does: guild MESSAGE_CREATE needs GuildMessages (1<<9), DM
 *   MESSAGE_CREATE needs DirectMessages (1<<12); without MessageContent (1<<15) guild messages
 *   that do not mention the bot arrive with empty content/embeds/attachments. Disable with
 *   `enforceIntents: false`. INTERACTION_CREATE is always delivered.
 * - MESSAGE_CREATE carries `channel_type` (1 for DMs): with `Partials.Channel` discord.js then
 *   accepts a DM in a not-yet-cached DM channel. `<@BOT>` in content is replaced by the bot mention.
 * - Dispatches are logged per session; when the socket is down they are buffered and replayed on
 *   RESUME (op 6), followed by RESUMED. An unknown session gets op 9 `d:false`; discord.js then
 *   re-identifies, but only after ~5 s because its SimpleIdentifyThrottler spaces identifies 5 s
 *   apart (pass `ws: { buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }) }`
 *   to the Client to skip that wait in tests).
 * - Interaction callbacks behave like Discord's: a second callback gets 400 code 40060, an unknown
 *   interaction 404 code 10062; editing/following up before any callback gets 404.
 * - `echoBotMessages: true` makes messages the bot posts come back as MESSAGE_CREATE (as Discord
 *   does); off by default.
 * - Call `client.destroy()` before `discord.close()`, otherwise the client will try to reconnect.
 *
 * Sharding (several gateway sessions at once, one per shard):
 *   startFakeDiscord({ shards: 2, guilds: [...] })  // `shards`: what GET /gateway/bot recommends (default 1)
 *   discord.shardOf(guildId, 2)            // Discord's rule: (BigInt(guild_id) >> 22n) % BigInt(count)
 *   await discord.waitForShard(1)          // IDENTIFY with `shard: [1, n]` answered (READY + GUILD_CREATE)
 *   discord.shardSessions                  // [{ shard: [id, count], sessionId, connected }] of live sessions
 *   discord.openGatewaySockets             // gateway sockets still open (0 once every shard went away)
 * - A session is kept per shard id (IDENTIFY without `shard` counts as [0, 1]); a new IDENTIFY for the same
 *   shard id replaces that shard's session. READY lists, and GUILD_CREATE is sent for, only the guilds of
 *   that shard. INTERACTION_CREATE, MESSAGE_CREATE and `dispatch()` go to the session owning `guild_id`
 *   (no guild, as for DMs: shard 0). `dropConnection(code, reason, shardId)` drops one shard (default: shard 0,
 *   or the only session). With one unsharded client all of this is the single-session behaviour above.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, WebSocket, type RawData } from 'ws';

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

/** Loose JSON object: bodies sent by discord.js, payloads sent to it. */
export type Json = Record<string, any>;

export interface FakeChannelSpec {
  id: string;
  name?: string;
  /** Discord channel type; 0 = guild text (default). */
  type?: number;
}

export interface FakeRoleSpec {
  id: string;
  name?: string;
  /** Decimal permission bits; default '0'. */
  permissions?: string;
  /** Makes it the managed role of this bot user (`managed: true`, `tags.bot_id`), as Discord creates on invite. */
  botId?: string;
}

export interface FakeGuildSpec {
  id: string;
  name?: string;
  channels?: FakeChannelSpec[];
  /** Roles besides @everyone (sent in GUILD_CREATE so discord.js caches them). */
  roles?: FakeRoleSpec[];
}

export interface FakeDiscordOptions {
  /** Default: one guild 'guild-1' (100000000000000001) with text channel 'general' (200000000000000001). */
  guilds?: FakeGuildSpec[];
  /** Bot user id; default '300000000000000001'. */
  botUserId?: string;
  botUsername?: string;
  /** Default: same as the bot user id. */
  applicationId?: string;
  /** Default 5000 ms for every waiting helper. */
  defaultTimeoutMs?: number;
  /** Gate MESSAGE_CREATE / message content on the identified intents. Default true. */
  enforceIntents?: boolean;
  /** Dispatch MESSAGE_CREATE for messages the bot posts. Default false. */
  echoBotMessages?: boolean;
  /**
   * Answer IDENTIFY by closing the socket with this code (4004 bad token, 4014 disallowed intents) instead of READY.
   */
  identifyCloseCode?: number;
  /** Shard count GET /gateway/bot recommends (what `SHARD_COUNT=auto` and ShardingManager 'auto' use). Default 1. */
  shards?: number;
  /** session_start_limit.max_concurrency of GET /gateway/bot: sessions a bot may start per 5 s. Default 1. */
  maxConcurrency?: number;
}

export interface ShardSession {
  /** [shard id, shard count] from IDENTIFY. */
  shard: [number, number];
  sessionId: string;
  /** Whether the session's gateway socket is open. */
  connected: boolean;
}

export interface RecordedFile {
  field: string;
  filename: string;
  contentType: string;
  size: number;
  data: Buffer;
}

export interface RecordedRequest {
  method: string;
  /** URL-decoded path without the query string, e.g. '/api/v10/channels/1/messages'. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON (or multipart `payload_json`), raw text otherwise, undefined when empty. */
  body: any;
  files: RecordedFile[];
  /** Status code the fake answered with. */
  status: number;
  time: number;
}

export type Fault = { status: 429; retryAfter?: number; global?: boolean } | { status: number; body?: Json };

export interface CommandRegistration {
  scope: 'global' | 'guild';
  guildId?: string;
  commands: Json[];
}

export interface UserSpec {
  userId?: string;
  username?: string;
}

export interface InteractionOptions extends UserSpec {
  /** member.permissions as a decimal string; '32' = Manage Server, '0' = none. Default: @everyone perms. */
  permissions?: string;
  /** member.roles (role ids). Default none. */
  roles?: string[];
  /** Send as a bot DM (user instead of member, no guild_id). */
  dm?: boolean;
  guildId?: string;
  channelId?: string;
  locale?: string;
  /** Wrap the options in this subcommand (type 1). */
  subcommand?: string;
  appPermissions?: string;
}

/** A value, or an explicit {type, value} (3 string, 4 integer, 5 boolean, 10 number, ...). */
export type OptionValue = string | number | boolean | { type: number; value: string | number | boolean };

export interface MessageOptions extends UserSpec {
  content: string;
  /** Prefix `<@bot> ` unless the content already mentions the bot. */
  mentionBot?: boolean;
  authorBot?: boolean;
  dm?: boolean;
  guildId?: string;
  channelId?: string;
  /** Sent as a reply to this message (an id the fake knows, e.g. one the bot posted). */
  replyTo?: string;
  /** With `replyTo`: reply with "ping" on, so Discord lists the replied-to author among the mentions. */
  pingReplied?: boolean;
}

export interface SentMessage {
  channelId: string;
  /** Body the bot POSTed (content, embeds, allowed_mentions, message_reference, ...). */
  body: Json;
  files: RecordedFile[];
  /** Message object the fake answered with. */
  message: Json;
}

export interface InteractionHandle {
  readonly id: string;
  readonly token: string;
  /** The INTERACTION_CREATE `d` that was dispatched. */
  readonly payload: Json;
  /** Id of the shard whose gateway session got the INTERACTION_CREATE (0 when unsharded). */
  readonly shard: number;
  /** First interaction callback body {type, data}. */
  callback(timeoutMs?: number): Promise<{ type: number; data?: Json }>;
  /** Visible result: callback data (type 4/7/8/9) or first PATCH @original after a defer (5/6). */
  final(timeoutMs?: number): Promise<Json>;
  /** First PATCH @original body matching predicate (already received ones included). */
  waitForEdit(predicate?: (body: Json) => boolean, timeoutMs?: number): Promise<Json>;
  /** First follow-up (POST /webhooks/:app/:token) body matching predicate. */
  waitForFollowUp(predicate?: (body: Json) => boolean, timeoutMs?: number): Promise<Json>;
  readonly callbacks: Json[];
  readonly edits: Json[];
  readonly followUps: Json[];
  /** The message the interaction's reply created (callback type 4 or 5), with its id and components. */
  original(): Json | undefined;
}

interface InteractionState {
  id: string;
  token: string;
  payload: Json;
  shard: number;
  channelId: string;
  guildId?: string;
  callbacks: Json[];
  edits: Json[];
  followUps: Json[];
  original?: Json;
}

interface Session {
  id: string;
  shard: [number, number];
  seq: number;
  intents: number;
  log: Json[];
  socket: WebSocket | null;
}

interface Waiter {
  check(): boolean;
  fail(err: Error): void;
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const DISCORD_EPOCH = 1420070400000n;
const INTENT_GUILD_MESSAGES = 1 << 9;
const INTENT_DIRECT_MESSAGES = 1 << 12;
const INTENT_MESSAGE_CONTENT = 1 << 15;
/**
 * ViewChannel, SendMessages, EmbedLinks, AttachFiles, ReadMessageHistory, AddReactions, UseApplicationCommands,
 * SendMessagesInThreads.
 */
const EVERYONE_PERMISSIONS = (
  (1n << 10n) |
  (1n << 11n) |
  (1n << 14n) |
  (1n << 15n) |
  (1n << 16n) |
  (1n << 6n) |
  (1n << 31n) |
  (1n << 38n)
).toString();

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function noContent(res: ServerResponse): void {
  res.writeHead(204);
  res.end();
}

async function readBody(req: IncomingMessage): Promise<{ body: any; files: RecordedFile[] }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  if (raw.length === 0) return { body: undefined, files: [] };
  const type = req.headers['content-type'] ?? '';
  if (type.includes('multipart/form-data')) {
    // undici's Response parses multipart bodies for us.
    const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
    let body: any;
    const files: RecordedFile[] = [];
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = JSON.parse(value);
      } else {
        const data = Buffer.from(await value.arrayBuffer());
        files.push({ field, filename: value.name, contentType: value.type, size: data.length, data });
      }
    }
    return { body, files };
  }
  const text = raw.toString('utf8');
  if (type.includes('json')) return { body: JSON.parse(text), files: [] };
  return { body: text, files: [] };
}

// ---------------------------------------------------------------------------------------------
// The fake
// ---------------------------------------------------------------------------------------------

export class FakeDiscord {
  readonly port: number;
  readonly apiUrl: string;
  readonly gatewayUrl: string;
  readonly resumeGatewayUrl: string;
  readonly botUser: Json;
  readonly applicationId: string;
  readonly guilds: Required<FakeGuildSpec>[];
  /** First guild / its first channel. */
  readonly guildId: string;
  readonly channelId: string;
  /** Default human user for commands/messages. */
  readonly user: Json = {
    id: '400000000000000001',
    username: 'tester',
    discriminator: '0',
    global_name: 'Tester',
    avatar: null,
    bot: false,
  };

  readonly requests: RecordedRequest[] = [];
  readonly identifies: Json[] = [];
  /** Every gateway payload received from the client (heartbeats, identify, resume, ...). */
  readonly gatewayReceived: Json[] = [];
  /** Every gateway connection URL (path + query) the client opened. */
  readonly connections: string[] = [];
  readonly commandRegistrations: CommandRegistration[] = [];
  resumes = 0;

  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private readonly httpSockets = new Set<Socket>();
  private readonly opts: Required<
    Pick<FakeDiscordOptions, 'defaultTimeoutMs' | 'enforceIntents' | 'echoBotMessages' | 'shards' | 'maxConcurrency'>
  > &
    Pick<FakeDiscordOptions, 'identifyCloseCode'>;
  private readonly waiters = new Set<Waiter>();
  private readonly faults: { match: RegExp; fault: Fault; remaining: number }[] = [];
  private readonly interactions = new Map<string, InteractionState>();
  private readonly interactionsByToken = new Map<string, InteractionState>();
  private readonly messages = new Map<string, Json>();
  private readonly channelMessages: SentMessage[] = [];
  private readonly consumedChannelMessages = new Set<SentMessage>();
  private readonly dmChannels = new Map<string, string>();
  private readonly channelGuild = new Map<string, string>();
  private readonly channelTypes = new Map<string, number>();
  private readonly globalCommands: Json[] = [];
  private readonly guildCommands = new Map<string, Json[]>();
  /** Live gateway sessions by shard id. */
  private readonly sessions = new Map<number, Session>();
  /** Shard ids that got READY (+ GUILD_CREATE), with the IDENTIFY payload. */
  private readonly readyShards = new Map<number, Json>();
  private readySent = 0;
  private resumesAtDrop = 0;
  private snowflakeCounter = 0n;
  private closed = false;

  /** Use startFakeDiscord(). */
  constructor(server: Server, wss: WebSocketServer, options: FakeDiscordOptions) {
    this.server = server;
    this.wss = wss;
    this.port = (server.address() as AddressInfo).port;
    this.apiUrl = `http://127.0.0.1:${this.port}/api`;
    this.gatewayUrl = `ws://127.0.0.1:${this.port}/gateway`;
    this.resumeGatewayUrl = `ws://127.0.0.1:${this.port}/gateway-resume`;
    const botId = options.botUserId ?? '300000000000000001';
    this.botUser = {
      id: botId,
      username: options.botUsername ?? 'blogbot',
      discriminator: '0',
      global_name: null,
      avatar: null,
      bot: true,
      verified: true,
      flags: 0,
      mfa_enabled: false,
    };
    this.applicationId = options.applicationId ?? botId;
    const specs = options.guilds ?? [
      { id: '100000000000000001', name: 'guild-1', channels: [{ id: '200000000000000001', name: 'general', type: 0 }] },
    ];
    if (specs.length === 0) throw new Error('fake-discord: at least one guild is required');
    if (options.shards !== undefined && !(Number.isInteger(options.shards) && options.shards >= 1))
      throw new Error('fake-discord: `shards` must be a whole number from 1');
    this.guilds = specs.map((g, gi) => ({
      id: g.id,
      name: g.name ?? `guild-${gi + 1}`,
      channels: (g.channels ?? [{ id: String(BigInt(g.id) + 100000000000000000n), name: 'general' }]).map((c, ci) => ({
        id: c.id,
        name: c.name ?? `channel-${ci + 1}`,
        type: c.type ?? 0,
      })),
      roles: g.roles ?? [],
    }));
    for (const g of this.guilds)
      for (const c of g.channels) {
        this.channelGuild.set(c.id, g.id);
        this.channelTypes.set(c.id, c.type ?? 0);
      }
    this.guildId = this.guilds[0]!.id;
    const firstChannel = this.guilds[0]!.channels[0];
    if (!firstChannel) throw new Error('fake-discord: the first guild needs a channel');
    this.channelId = firstChannel.id;
    this.opts = {
      defaultTimeoutMs: options.defaultTimeoutMs ?? 5000,
      enforceIntents: options.enforceIntents ?? true,
      echoBotMessages: options.echoBotMessages ?? false,
      shards: options.shards ?? 1,
      maxConcurrency: options.maxConcurrency ?? 1,
      ...(options.identifyCloseCode !== undefined ? { identifyCloseCode: options.identifyCloseCode } : {}),
    };

    server.on('connection', (socket: Socket) => {
      this.httpSockets.add(socket);
      socket.on('close', () => this.httpSockets.delete(socket));
    });
    server.on('request', (req, res) => {
      this.handleHttp(req, res).catch((err: unknown) => {
        if (!res.headersSent) json(res, 500, { message: `fake-discord error: ${String(err)}`, code: 0 });
        else res.destroy();
      });
    });
    server.on('upgrade', (req: IncomingMessage, socket, head) => {
      const path = (req.url ?? '').split('?')[0];
      if (path !== '/gateway' && path !== '/gateway-resume') {
        socket.destroy();
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => this.onGatewayConnection(ws, req.url ?? ''));
    });
  }

  // -------------------------------------------------------------------------------------------
  // Public API
  // -------------------------------------------------------------------------------------------

  /** Resolves once `count` IDENTIFYs were answered with READY + GUILD_CREATE. */
  waitForIdentify(count = 1, timeoutMs = this.opts.defaultTimeoutMs): Promise<Json> {
    return this.waitFor(
      `IDENTIFY #${count} (READY + GUILD_CREATE sent)`,
      () => (this.readySent >= count ? this.identifies[count - 1] : undefined),
      timeoutMs,
    );
  }

  /** Resolves once RESUMED was sent after the latest dropConnection() (or after any resume if none). */
  waitForResume(timeoutMs = this.opts.defaultTimeoutMs): Promise<number> {
    const target = Math.max(1, this.resumesAtDrop + 1);
    return this.waitFor(
      `RESUME #${target} (RESUMED sent)`,
      () => (this.resumes >= target ? this.resumes : undefined),
      timeoutMs,
    );
  }

  /** Intents from the latest IDENTIFY. */
  get intents(): number | undefined {
    return this.identifies.at(-1)?.intents as number | undefined;
  }

  /** Discord's rule: the shard (of `count`) that receives a guild's events. */
  shardOf(guildId: string, count: number): number {
    return Number((BigInt(guildId) >> 22n) % BigInt(count));
  }

  /** Resolves with the IDENTIFY payload once shard `shardId` got READY + GUILD_CREATE. */
  waitForShard(shardId: number, timeoutMs = this.opts.defaultTimeoutMs): Promise<Json> {
    return this.waitFor(
      `IDENTIFY of shard ${shardId} (READY + GUILD_CREATE sent)`,
      () => this.readyShards.get(shardId),
      timeoutMs,
    );
  }

  /** The live sessions, by shard id. */
  get shardSessions(): ShardSession[] {
    return [...this.sessions.values()]
      .sort((a, b) => a.shard[0] - b.shard[0])
      .map((s) => ({
        shard: [...s.shard] as [number, number],
        sessionId: s.id,
        connected: s.socket?.readyState === WebSocket.OPEN,
      }));
  }

  /** Gateway sockets currently open (any shard, identified or not). */
  get openGatewaySockets(): number {
    return [...this.wss.clients].filter((ws) => ws.readyState === WebSocket.OPEN).length;
  }

  /** Id of the DM channel between the bot and a user (created on first use). */
  dmChannelId(userId: string = this.user.id): string {
    let id = this.dmChannels.get(userId);
    if (!id) {
      id = this.snowflake();
      this.dmChannels.set(userId, id);
      this.channelTypes.set(id, 1);
    }
    return id;
  }

  /** Dispatch INTERACTION_CREATE type 2 (chat input command). */
  async sendCommand(
    name: string,
    options: Record<string, OptionValue> = {},
    opts: InteractionOptions = {},
  ): Promise<InteractionHandle> {
    let opts2 = Object.entries(options).map(([n, v]) => ({ name: n, ...this.option(v) })) as Json[];
    if (opts.subcommand) opts2 = [{ name: opts.subcommand, type: 1, options: opts2 }];
    return this.dispatchInteraction(2, { id: this.snowflake(), name, type: 1, options: opts2 }, opts);
  }

  /**
   * Dispatch INTERACTION_CREATE type 3: a button (component_type 2) pressed on `message`, a message the bot sent
   * (an object such as `handle.original()` or `sent.message`, or its id). Answer with callback type 4 (a new
   * message, ephemeral or not), 6/7 (update the message).
   */
  async sendButton(
    customId: string,
    message: Json | string,
    opts: InteractionOptions = {},
  ): Promise<InteractionHandle> {
    const target = typeof message === 'string' ? this.messages.get(message) : message;
    if (!target) throw new Error(`fake-discord: sendButton() on unknown message ${String(message)}`);
    return this.dispatchInteraction(3, { custom_id: customId, component_type: 2 }, opts, { message: target });
  }

  /**
   * Dispatch INTERACTION_CREATE type 2 for a message command (data.type 3): `name` run on a member's message with
   * this text, which Discord sends in data.resolved.messages (whatever the intents) with data.target_id.
   */
  async sendMessageCommand(
    name: string,
    target: { content: string; authorId?: string; embeds?: Json[] },
    opts: InteractionOptions = {},
  ): Promise<InteractionHandle> {
    const guildId = opts.dm ? undefined : (opts.guildId ?? this.guildId);
    const channelId = opts.dm
      ? this.dmChannelId(opts.userId ?? this.user.id)
      : (opts.channelId ?? this.firstChannelOf(guildId!));
    const id = this.snowflake();
    const author = this.makeUser({ userId: target.authorId ?? this.snowflake() }, false);
    const message = {
      id,
      type: 0,
      channel_id: channelId,
      ...(guildId ? { guild_id: guildId } : {}),
      author,
      content: target.content,
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      attachments: [],
      embeds: target.embeds ?? [],
      components: [],
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      pinned: false,
      flags: 0,
    };
    this.storeMessage(message);
    return this.dispatchInteraction(
      2,
      { id: this.snowflake(), name, type: 3, target_id: id, resolved: { messages: { [id]: message } } },
      opts,
    );
  }

  /**
   * A member opens a thread in a forum channel (type 15): its starter message (id = the thread's id) is stored, and
   * THREAD_CREATE (newly_created) is dispatched. Returns the thread's id; the bot's answer is a POST to it.
   */
  createForumThread(opts: {
    forumId: string;
    name: string;
    content?: string;
    userId?: string;
    guildId?: string;
  }): string {
    const guildId = opts.guildId ?? this.channelGuild.get(opts.forumId) ?? this.guildId;
    const id = this.snowflake();
    const author = this.makeUser({ userId: opts.userId ?? this.snowflake() }, false);
    this.channelGuild.set(id, guildId);
    this.channelTypes.set(id, 11);
    this.storeMessage({
      id,
      type: 0,
      channel_id: id,
      guild_id: guildId,
      author,
      content: opts.content ?? '',
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      attachments: [],
      embeds: [],
      components: [],
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      pinned: false,
      flags: 0,
    });
    this.dispatch('THREAD_CREATE', {
      id,
      type: 11,
      guild_id: guildId,
      parent_id: opts.forumId,
      owner_id: author.id,
      name: opts.name,
      last_message_id: id,
      message_count: 0,
      member_count: 1,
      rate_limit_per_user: 0,
      flags: 0,
      total_message_sent: 0,
      applied_tags: [],
      newly_created: true,
      thread_metadata: {
        archived: false,
        auto_archive_duration: 4320,
        archive_timestamp: new Date().toISOString(),
        locked: false,
        create_timestamp: new Date().toISOString(),
      },
    });
    return id;
  }

  /** Dispatch INTERACTION_CREATE type 4 (autocomplete); `focused` names the option being typed. */
  async sendAutocomplete(
    name: string,
    options: Record<string, OptionValue>,
    focused: string,
    opts: InteractionOptions = {},
  ): Promise<InteractionHandle> {
    let opts2 = Object.entries(options).map(([n, v]) => ({
      name: n,
      ...this.option(v),
      ...(n === focused ? { focused: true } : {}),
    })) as Json[];
    if (opts.subcommand) opts2 = [{ name: opts.subcommand, type: 1, options: opts2 }];
    return this.dispatchInteraction(4, { id: this.snowflake(), name, type: 1, options: opts2 }, opts);
  }

  /** Dispatch MESSAGE_CREATE from a user; returns the message id. */
  async sendMessage(opts: MessageOptions): Promise<string> {
    const session = this.requireSession(opts.dm ? undefined : (opts.guildId ?? this.guildId));
    const author = this.makeUser(opts, opts.authorBot ?? false);
    const botMention = `<@${this.botUser.id}>`;
    let content = opts.content.replaceAll('<@BOT>', botMention);
    const botRoles = this.guilds
      .flatMap((g) => g.roles)
      .filter((r) => r.botId === this.botUser.id)
      .map((r) => `<@&${r.id}>`);
    const mentionsBot = () =>
      content.includes(botMention) ||
      content.includes(`<@!${this.botUser.id}>`) ||
      botRoles.some((r) => content.includes(r)) ||
      Boolean(opts.replyTo && opts.pingReplied && this.messages.get(opts.replyTo)?.author?.id === this.botUser.id);
    if (opts.mentionBot && !mentionsBot()) content = `${botMention} ${content}`;
    const replied = opts.replyTo ? this.messages.get(opts.replyTo) : undefined;
    if (opts.replyTo && !replied)
      throw new Error(`fake-discord: sendMessage() replying to unknown message ${opts.replyTo}`);
    const mentionIds = [...new Set([...content.matchAll(/<@!?(\d+)>/g)].map((m) => m[1]!))];
    // A reply with ping on lists the replied-to author among the mentions, though the text does not name them.
    if (replied && opts.pingReplied && !mentionIds.includes(String(replied.author.id)))
      mentionIds.push(String(replied.author.id));
    const mentions = mentionIds.map((id) =>
      id === this.botUser.id ? this.botUser : id === author.id ? author : this.makeUser({ userId: id }, false),
    );
    const mentionRoles = [...new Set([...content.matchAll(/<@&(\d+)>/g)].map((m) => m[1]!))];
    const id = this.snowflake();
    const base = {
      id,
      type: replied ? 19 : 0,
      author,
      content,
      mentions,
      mention_roles: mentionRoles,
      mention_everyone: false,
      attachments: [],
      embeds: [],
      ...(replied
        ? {
            message_reference: {
              type: 0,
              message_id: replied.id,
              channel_id: replied.channel_id,
              ...(replied.guild_id ? { guild_id: replied.guild_id } : {}),
            },
            referenced_message: replied,
          }
        : {}),
      components: [],
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      pinned: false,
      flags: 0,
      nonce: id,
    };
    let d: Json;
    if (opts.dm) {
      d = { ...base, channel_id: this.dmChannelId(author.id), channel_type: 1 };
      if (this.opts.enforceIntents && !(session.intents & INTENT_DIRECT_MESSAGES)) return id;
    } else {
      const guildId = opts.guildId ?? this.guildId;
      const channelId = opts.channelId ?? this.firstChannelOf(guildId);
      d = {
        ...base,
        channel_id: channelId,
        guild_id: guildId,
        channel_type: this.channelTypes.get(channelId) ?? 0,
        member: guildMember({ roles: [] }),
      };
      if (this.opts.enforceIntents) {
        if (!(session.intents & INTENT_GUILD_MESSAGES)) return id;
        if (!(session.intents & INTENT_MESSAGE_CONTENT) && !mentionsBot())
          Object.assign(d, { content: '', embeds: [], attachments: [], components: [] });
      }
    }
    this.dispatch('MESSAGE_CREATE', d);
    return id;
  }

  /** Next bot message posted via POST /channels/:id/messages that matches (consumed once). */
  waitForChannelMessage(
    predicate: (m: SentMessage) => boolean = () => true,
    timeoutMs = this.opts.defaultTimeoutMs,
  ): Promise<SentMessage> {
    return this.waitFor(
      'a bot message (POST /channels/:id/messages)',
      () => {
        const hit = this.channelMessages.find((m) => !this.consumedChannelMessages.has(m) && predicate(m));
        if (hit) this.consumedChannelMessages.add(hit);
        return hit;
      },
      timeoutMs,
    );
  }

  /** Whether a message (the bot's or a member's) still exists: not deleted by any route. */
  hasMessage(id: string): boolean {
    return this.messages.has(id);
  }

  /** Resolves once the message is deleted (by any route). */
  waitForDeletion(id: string, timeoutMs = this.opts.defaultTimeoutMs): Promise<true> {
    return this.waitFor(`the deletion of message ${id}`, () => (this.messages.has(id) ? undefined : true), timeoutMs);
  }

  /** All bot messages posted to channels so far (consumed or not). */
  get channelMessagesSent(): readonly SentMessage[] {
    return this.channelMessages;
  }

  /**
   * Make the next `times` requests whose "METHOD /api/v10/decoded/path" matches answer with `fault`.
   * 429 answers carry Retry-After (seconds, default 0.2), X-RateLimit-Scope: user and the usual JSON body.
   */
  failNext(match: RegExp | string, fault: Fault, times = 1): void {
    const re = typeof match === 'string' ? new RegExp(match) : match;
    this.faults.push({ match: re, fault, remaining: times });
  }

  /**
   * Close the gateway socket with `code` (4000 → discord.js resumes; 1000 → it re-identifies).
   * `shardId`: which shard's socket (default shard 0, or the only session).
   */
  dropConnection(code = 4000, reason = 'fake-discord drop', shardId?: number): void {
    const session = shardId === undefined ? this.defaultSession() : this.sessions.get(shardId);
    const ws = session?.socket;
    if (!session || !ws)
      throw new Error(
        `fake-discord: dropConnection() ` +
          `with no live gateway socket${shardId === undefined ? '' : ` for shard ${shardId}`}`,
      );
    this.resumesAtDrop = this.resumes;
    session.socket = null;
    ws.close(code, reason);
  }

  /** Send an arbitrary dispatch (op 0) to the bot: to the shard owning `d.guild_id` (shard 0 without one). */
  dispatch(t: string, d: Json): void {
    this.send(this.requireSession(typeof d?.guild_id === 'string' ? d.guild_id : undefined), t, d);
  }

  /** Close gateway sockets and the HTTP server; rejects pending waits. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const w of [...this.waiters]) w.fail(new Error('fake-discord: closed while waiting'));
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    const closing = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    for (const s of this.httpSockets) s.destroy();
    await closing;
  }

  // -------------------------------------------------------------------------------------------
  // Gateway
  // -------------------------------------------------------------------------------------------

  private onGatewayConnection(ws: WebSocket, url: string): void {
    this.connections.push(url);
    ws.on('error', () => {});
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) return;
      let payload: Json;
      try {
        payload = JSON.parse(data.toString()) as Json;
      } catch {
        ws.close(4002, 'Error while decoding payload.');
        return;
      }
      this.gatewayReceived.push(payload);
      this.onGatewayPayload(ws, payload);
    });
    ws.on('close', () => {
      for (const session of this.sessions.values()) if (session.socket === ws) session.socket = null;
      this.notify();
    });
    // TEXT frame only: discord.js treats binary frames as zlib-compressed.
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41250 } }));
  }

  private onGatewayPayload(ws: WebSocket, p: Json): void {
    switch (p.op) {
      case 1: // heartbeat
        ws.send(JSON.stringify({ op: 11 }));
        break;
      case 2: {
        // identify
        const d = p.d as Json;
        this.identifies.push(d);
        if (this.opts.identifyCloseCode !== undefined) {
          ws.close(this.opts.identifyCloseCode, 'fake-discord: identify refused');
          this.notify();
          break;
        }
        const shard = this.parseShard(d.shard);
        if (!shard) {
          ws.close(4010, 'Invalid shard.');
          this.notify();
          break;
        }
        const session: Session = {
          id: `session-${this.snowflake()}`,
          shard,
          seq: 0,
          intents: Number(d.intents ?? 0),
          log: [],
          socket: ws,
        };
        const previous = this.sessions.get(shard[0]);
        if (previous && previous.socket && previous.socket !== ws) previous.socket = null;
        this.sessions.set(shard[0], session);
        const guilds = this.guilds.filter((g) => this.shardOf(g.id, shard[1]) === shard[0]);
        this.send(session, 'READY', {
          v: 10,
          user: this.botUser,
          guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
          session_id: session.id,
          resume_gateway_url: this.resumeGatewayUrl,
          shard: d.shard ?? [0, 1],
          application: { id: this.applicationId, flags: 0 },
          private_channels: [],
          presences: [],
          relationships: [],
          guild_join_requests: [],
          geo_ordered_rtc_regions: [],
          user_settings: {},
          _trace: ['fake-discord'],
        });
        for (const g of guilds) this.send(session, 'GUILD_CREATE', this.guildPayload(g));
        this.readyShards.set(shard[0], d);
        this.readySent++;
        this.notify();
        break;
      }
      case 6: {
        // resume
        const d = p.d as Json;
        const session = [...this.sessions.values()].find((s) => s.id === d.session_id);
        if (!session) {
          ws.send(JSON.stringify({ op: 9, d: false }));
          break;
        }
        session.socket = ws;
        for (const payload of session.log) if (payload.s > Number(d.seq ?? 0)) ws.send(JSON.stringify(payload));
        this.send(session, 'RESUMED', { _trace: ['fake-discord'] });
        this.resumes++;
        this.notify();
        break;
      }
      default: // presence update (3), request guild members (8), ...: recorded only
        break;
    }
  }

  private guildPayload(g: Required<FakeGuildSpec>): Json {
    const joined = new Date(0).toISOString();
    return {
      id: g.id,
      name: g.name,
      icon: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: null,
      owner_id: '400000000000000099',
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      mfa_level: 0,
      nsfw_level: 0,
      premium_tier: 0,
      premium_subscription_count: 0,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      public_updates_channel_id: null,
      safety_alerts_channel_id: null,
      vanity_url_code: null,
      application_id: null,
      preferred_locale: 'en-US',
      features: [],
      max_members: 500000,
      max_video_channel_users: 25,
      premium_progress_bar_enabled: false,
      unavailable: false,
      large: false,
      member_count: 2,
      joined_at: joined,
      lazy: true,
      roles: [{ id: g.id, name: '@everyone', permissions: EVERYONE_PERMISSIONS }, ...g.roles].map((r, i) => ({
        id: r.id,
        name: r.name ?? `role-${i}`,
        permissions: r.permissions ?? '0',
        position: i,
        color: 0,
        hoist: false,
        managed: 'botId' in r && Boolean(r.botId),
        mentionable: false,
        icon: null,
        unicode_emoji: null,
        flags: 0,
        ...('botId' in r && r.botId ? { tags: { bot_id: r.botId } } : {}),
      })),
      channels: g.channels.map((c, i) => ({
        id: c.id,
        type: c.type ?? 0,
        name: c.name,
        position: i,
        permission_overwrites: [],
        parent_id: null,
        nsfw: false,
        topic: null,
        last_message_id: null,
        rate_limit_per_user: 0,
        flags: 0,
      })),
      members: [guildMember({ user: this.botUser, roles: [] })],
      threads: [],
      presences: [],
      voice_states: [],
      emojis: [],
      stickers: [],
      guild_scheduled_events: [],
      stage_instances: [],
      soundboard_sounds: [],
      embedded_activities: [],
    };
  }

  /** The session that receives events of `guildId` (no guild: shard 0, as Discord sends DMs). */
  private requireSession(guildId?: string): Session {
    if (this.sessions.size === 0)
      throw new Error('fake-discord: the bot has not identified yet (await discord.waitForIdentify() first)');
    const session = this.sessionFor(guildId);
    if (!session) {
      const count = this.shardCount();
      const shard = guildId === undefined ? 0 : this.shardOf(guildId, count);
      throw new Error(
        `fake-discord: no gateway session for shard ${shard} of ${count}` +
          (guildId === undefined ? ' (events without a guild go to shard 0)' : ` (owner of guild ${guildId})`) +
          `; identified shards: ${[...this.sessions.keys()].join(', ')}`,
      );
    }
    return session;
  }

  private sessionFor(guildId?: string): Session | undefined {
    for (const session of this.sessions.values()) {
      const [id, count] = session.shard;
      if (guildId === undefined ? id === 0 : this.shardOf(guildId, count) === id) return session;
    }
    return undefined;
  }

  /** Shard 0's session, or the only one (a bot running only shard 1, say). */
  private defaultSession(): Session | undefined {
    return this.sessions.get(0) ?? (this.sessions.size === 1 ? [...this.sessions.values()][0] : undefined);
  }

  private shardCount(): number {
    return [...this.sessions.values()][0]?.shard[1] ?? 1;
  }

  /** `shard` of an IDENTIFY: [id, count] with 0 <= id < count; absent means [0, 1]. */
  private parseShard(raw: unknown): [number, number] | undefined {
    if (raw === undefined || raw === null) return [0, 1];
    if (!Array.isArray(raw) || raw.length !== 2) return undefined;
    const [id, count] = raw.map(Number) as [number, number];
    if (!Number.isInteger(id) || !Number.isInteger(count) || count < 1 || id < 0 || id >= count) return undefined;
    return [id, count];
  }

  private firstChannelOf(guildId: string): string {
    return this.guilds.find((g) => g.id === guildId)?.channels[0]?.id ?? this.channelId;
  }

  private send(session: Session, t: string, d: Json): void {
    const payload = { op: 0, t, s: ++session.seq, d };
    session.log.push(payload);
    if (session.socket?.readyState === WebSocket.OPEN) session.socket.send(JSON.stringify(payload));
  }

  // -------------------------------------------------------------------------------------------
  // Interactions
  // -------------------------------------------------------------------------------------------

  private option(v: OptionValue): { type: number; value: string | number | boolean } {
    if (typeof v === 'object') return { type: v.type, value: v.value };
    if (typeof v === 'string') return { type: 3, value: v };
    if (typeof v === 'boolean') return { type: 5, value: v };
    return { type: Number.isInteger(v) ? 4 : 10, value: v };
  }

  private makeUser(spec: UserSpec, bot: boolean): Json {
    if (!spec.userId && !spec.username && !bot) return this.user;
    const id = spec.userId ?? this.snowflake();
    const username = spec.username ?? `user${id.slice(-4)}`;
    return { id, username, discriminator: '0', global_name: username, avatar: null, bot };
  }

  private async dispatchInteraction(
    type: number,
    data: Json,
    opts: InteractionOptions,
    extra: Json = {},
  ): Promise<InteractionHandle> {
    const session = this.requireSession(opts.dm ? undefined : (opts.guildId ?? this.guildId));
    const user = this.makeUser(opts, false);
    const id = this.snowflake();
    const token = `itoken-${id}`;
    const appPermissions = opts.appPermissions ?? EVERYONE_PERMISSIONS;
    const common = {
      id,
      application_id: this.applicationId,
      type,
      token,
      version: 1,
      data,
      locale: opts.locale ?? 'en-US',
      entitlements: [],
      app_permissions: appPermissions,
      attachment_size_limit: 10485760,
    };
    let d: Json;
    let channelId: string;
    let guildId: string | undefined;
    if (opts.dm) {
      channelId = this.dmChannelId(user.id);
      d = {
        ...common,
        user,
        channel_id: channelId,
        context: 1,
        authorizing_integration_owners: { '0': '0' },
        channel: { id: channelId, type: 1, last_message_id: null, flags: 0, recipients: [user] },
      };
    } else {
      guildId = opts.guildId ?? this.guildId;
      channelId = opts.channelId ?? this.firstChannelOf(guildId);
      const guild = this.guilds.find((g) => g.id === guildId);
      const ch = guild?.channels.find((c) => c.id === channelId);
      d = {
        ...common,
        guild_id: guildId,
        channel_id: channelId,
        guild_locale: 'en-US',
        context: 0,
        guild: { id: guildId, locale: 'en-US', features: [] },
        authorizing_integration_owners: { '0': guildId },
        channel: {
          id: channelId,
          type: ch?.type ?? 0,
          name: ch?.name ?? 'channel',
          guild_id: guildId,
          position: 0,
          permission_overwrites: [],
          parent_id: null,
          nsfw: false,
          topic: null,
          last_message_id: null,
          rate_limit_per_user: 0,
          flags: 0,
          permissions: appPermissions,
        },
        member: guildMember({ user, roles: opts.roles ?? [], permissions: opts.permissions ?? EVERYONE_PERMISSIONS }),
      };
    }
    const state: InteractionState = {
      id,
      token,
      payload: d,
      shard: session.shard[0],
      channelId,
      callbacks: [],
      edits: [],
      followUps: [],
    };
    if (guildId) state.guildId = guildId;
    this.interactions.set(id, state);
    this.interactionsByToken.set(token, state);
    Object.assign(d, extra);
    this.dispatch('INTERACTION_CREATE', d);
    return this.handle(state);
  }

  private handle(s: InteractionState): InteractionHandle {
    const t = this.opts.defaultTimeoutMs;
    const command = s.payload.data?.custom_id
      ? `button ${String(s.payload.data.custom_id)}`
      : `/${String(s.payload.data?.name)}`;
    const what = `interaction ${s.id} (${command})`;
    return {
      id: s.id,
      token: s.token,
      payload: s.payload,
      shard: s.shard,
      callbacks: s.callbacks,
      edits: s.edits,
      followUps: s.followUps,
      original: () => s.original,
      callback: (timeoutMs = t) =>
        this.waitFor(
          `the callback of ${what}`,
          () => s.callbacks[0] as { type: number; data?: Json } | undefined,
          timeoutMs,
        ),
      final: (timeoutMs = t) =>
        this.waitFor(
          `the final message of ${what} (callback type 4, or PATCH @original after a defer)`,
          () => {
            const cb = s.callbacks[0];
            if (!cb) return undefined;
            if (cb.type === 5 || cb.type === 6) return s.edits[0];
            return (cb.data ?? {}) as Json;
          },
          timeoutMs,
        ),
      waitForEdit: (predicate = () => true, timeoutMs = t) =>
        this.waitFor(`a PATCH @original of ${what}`, () => s.edits.find(predicate), timeoutMs),
      waitForFollowUp: (predicate = () => true, timeoutMs = t) =>
        this.waitFor(`a follow-up of ${what}`, () => s.followUps.find(predicate), timeoutMs),
    };
  }

  // -------------------------------------------------------------------------------------------
  // HTTP
  // -------------------------------------------------------------------------------------------

  private async handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${this.port}`);
    const method = (req.method ?? 'GET').toUpperCase();
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      path = url.pathname;
    }
    const { body, files } = await readBody(req);
    const rec: RecordedRequest = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      body,
      files,
      status: 0,
      time: Date.now(),
    };
    this.requests.push(rec);
    const finish = (status: number) => {
      rec.status = status;
      this.notify();
    };

    const fault = this.faults.find((f) => f.remaining > 0 && f.match.test(`${method} ${path}`));
    if (fault) {
      fault.remaining--;
      const f = fault.fault;
      if (f.status === 429) {
        const ra = 'retryAfter' in f ? (f.retryAfter ?? 0.2) : 0.2;
        const global = 'global' in f ? Boolean(f.global) : false;
        json(
          res,
          429,
          { message: 'You are being rate limited.', retry_after: ra, global },
          {
            'Retry-After': String(ra),
            'X-RateLimit-Scope': global ? 'global' : 'user',
            ...(global ? { 'X-RateLimit-Global': 'true' } : {}),
          },
        );
      } else {
        json(
          res,
          f.status,
          ('body' in f && f.body) || { message: f.status >= 500 ? 'Internal Server Error' : 'Injected error', code: 0 },
        );
      }
      finish(f.status);
      return;
    }
    const status = this.route(method, path, rec, res);
    finish(status);
  }

  /** Answers the request; returns the status code. */
  private route(method: string, path: string, rec: RecordedRequest, res: ServerResponse): number {
    const ok = (body: unknown, status = 200) => {
      json(res, status, body);
      return status;
    };
    const notFound = (message = `404: Not Found (fake-discord has no route ${method} ${path})`, code = 0) =>
      ok({ message, code }, 404);
    const body = (rec.body ?? {}) as Json;
    const p = path.startsWith('/api/v10/') ? path.slice('/api/v10'.length) : null;
    if (p === null) return notFound();
    let m: RegExpMatchArray | null;

    if (method === 'GET' && p === '/gateway/bot') {
      return ok({
        url: this.gatewayUrl,
        shards: this.opts.shards,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: this.opts.maxConcurrency },
      });
    }
    if (method === 'GET' && p === '/gateway') return ok({ url: this.gatewayUrl });
    if (method === 'GET' && p === '/users/@me') return ok(this.botUser);
    if (method === 'GET' && (p === '/applications/@me' || p === '/oauth2/applications/@me')) {
      return ok({
        id: this.applicationId,
        name: this.botUser.username,
        description: '',
        icon: null,
        bot_public: false,
        bot_require_code_grant: false,
        flags: 0,
        bot: this.botUser,
        team: null,
        owner: this.user,
        verify_key: '0',
      });
    }
    if (method === 'POST' && p === '/users/@me/channels') {
      const recipientId = String(body.recipient_id ?? this.user.id);
      const recipient = recipientId === this.user.id ? this.user : this.makeUser({ userId: recipientId }, false);
      return ok({
        id: this.dmChannelId(recipientId),
        type: 1,
        last_message_id: null,
        flags: 0,
        recipients: [recipient],
      });
    }

    // Application commands.
    if ((m = p.match(/^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands(?:\/(\d+))?$/))) {
      const guildId = m[2];
      const list = guildId ? (this.guildCommands.get(guildId) ?? []) : this.globalCommands;
      const withIds = (cmds: Json[]) =>
        cmds.map((c) => ({
          id: this.snowflake(),
          application_id: this.applicationId,
          version: this.snowflake(),
          type: 1,
          ...(guildId ? { guild_id: guildId } : {}),
          ...c,
        }));
      if (method === 'PUT' && !m[3]) {
        const cmds = withIds(Array.isArray(rec.body) ? (rec.body as Json[]) : []);
        this.commandRegistrations.push({
          scope: guildId ? 'guild' : 'global',
          ...(guildId ? { guildId } : {}),
          commands: rec.body as Json[],
        });
        list.splice(0, list.length, ...cmds);
        if (guildId) this.guildCommands.set(guildId, list);
        return ok(cmds);
      }
      if (method === 'GET' && !m[3]) return ok(list);
      if (method === 'POST' && !m[3]) {
        const [cmd] = withIds([body]);
        list.push(cmd!);
        if (guildId) this.guildCommands.set(guildId, list);
        return ok(cmd, 201);
      }
      if (method === 'DELETE' && m[3]) {
        noContent(res);
        return 204;
      }
      return notFound();
    }

    // Interaction callback.
    if (method === 'POST' && (m = p.match(/^\/interactions\/(\d+)\/([^/]+)\/callback$/))) {
      const s = this.interactions.get(m[1]!);
      if (!s || s.token !== m[2]) return ok({ message: 'Unknown interaction', code: 10062 }, 404);
      if (s.callbacks.length > 0)
        return ok({ message: 'Interaction has already been acknowledged.', code: 40060 }, 400);
      s.callbacks.push(body);
      const type = Number(body.type);
      const data = (body.data ?? {}) as Json;
      if (type === 4) s.original = this.storeMessage(this.buildMessage(data, rec, s.channelId, s.guildId, true));
      if (type === 5)
        s.original = this.storeMessage(
          this.buildMessage(
            { flags: 128 | (Number(data.flags ?? 0) & 64) },
            { files: [] },
            s.channelId,
            s.guildId,
            true,
          ),
        );
      // A component's deferred update (6) or update (7): @original is the message the component is on.
      if ((type === 6 || type === 7) && s.payload.message) {
        const target = this.messages.get(String(s.payload.message.id));
        if (target) {
          if (type === 7) this.editMessage(target, data, rec);
          s.original = target;
        }
      }
      if (rec.query.with_response === 'true') {
        const msg = s.original;
        return ok({
          interaction: {
            id: s.id,
            type: s.payload.type,
            response_message_id: msg?.id,
            response_message_loading: type === 5,
            response_message_ephemeral: Boolean(Number(msg?.flags ?? 0) & 64),
          },
          resource: { type, ...(msg && (type === 4 || type === 5) ? { message: msg } : {}) },
        });
      }
      noContent(res);
      return 204;
    }

    // Interaction webhooks: original / follow-ups.
    if ((m = p.match(/^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/([^/]+))?$/))) {
      const s = this.interactionsByToken.get(m[2]!);
      if (!s || m[1] !== this.applicationId) return ok({ message: 'Unknown Webhook', code: 10015 }, 404);
      if (s.callbacks.length === 0) return ok({ message: 'Unknown Webhook', code: 10015 }, 404);
      const target = m[3];
      if (!target && method === 'POST') {
        s.followUps.push(body);
        return ok(this.storeMessage(this.buildMessage(body, rec, s.channelId, s.guildId, true)));
      }
      const msg = target === '@original' ? s.original : target ? this.messages.get(target) : undefined;
      if (!msg) return ok({ message: 'Unknown Message', code: 10008 }, 404);
      if (method === 'GET') return ok(msg);
      if (method === 'PATCH') {
        if (target === '@original') s.edits.push(body);
        return ok(this.editMessage(msg, body, rec));
      }
      if (method === 'DELETE') {
        this.messages.delete(String(msg.id));
        if (target === '@original') delete s.original;
        noContent(res);
        return 204;
      }
      return notFound();
    }

    // Channels.
    if (/^\/channels\/\d+\/typing$/.test(p) && method === 'POST') {
      noContent(res);
      return 204;
    }
    if ((m = p.match(/^\/channels\/(\d+)\/messages$/)) && method === 'POST') {
      const channelId = m[1]!;
      const msg = this.storeMessage(this.buildMessage(body, rec, channelId, this.channelGuild.get(channelId), false));
      this.channelMessages.push({ channelId, body, files: rec.files, message: msg });
      const session = this.opts.echoBotMessages ? this.sessionFor(msg.guild_id as string | undefined) : undefined;
      if (session) {
        const needed = msg.guild_id ? INTENT_GUILD_MESSAGES : INTENT_DIRECT_MESSAGES;
        if (!this.opts.enforceIntents || session.intents & needed)
          this.send(session, 'MESSAGE_CREATE', { ...msg, channel_type: this.channelTypes.get(channelId) ?? 0 });
      }
      return ok(msg);
    }
    if ((m = p.match(/^\/channels\/(\d+)\/messages\/(\d+)$/))) {
      const msg = this.messages.get(m[2]!);
      if (!msg) return ok({ message: 'Unknown Message', code: 10008 }, 404);
      if (method === 'GET') {
        // Without the Message Content intent, a member's message reads with its content empty.
        const session = this.sessionFor(msg.guild_id as string | undefined);
        const blank =
          this.opts.enforceIntents &&
          msg.author?.id !== this.botUser.id &&
          session &&
          !(session.intents & INTENT_MESSAGE_CONTENT);
        return ok(blank ? { ...msg, content: '', embeds: [], attachments: [], components: [] } : msg);
      }
      if (method === 'PATCH') return ok(this.editMessage(msg, body, rec));
      if (method === 'DELETE') {
        this.messages.delete(m[2]!);
        noContent(res);
        return 204;
      }
    }
    if (
      p.match(/^\/channels\/(\d+)\/messages\/(\d+)\/reactions\/[^/]+\/@me$/) &&
      (method === 'PUT' || method === 'DELETE')
    ) {
      noContent(res);
      return 204;
    }
    return notFound();
  }

  private buildMessage(
    body: Json,
    rec: { files: RecordedFile[] },
    channelId: string,
    guildId: string | undefined,
    fromInteraction: boolean,
  ): Json {
    const id = this.snowflake();
    const ref = body.message_reference as Json | undefined;
    const referenced = ref?.message_id ? this.messages.get(String(ref.message_id)) : undefined;
    return {
      id,
      type: ref ? 19 : fromInteraction ? 20 : 0,
      channel_id: channelId,
      ...(guildId ? { guild_id: guildId } : {}),
      author: this.botUser,
      content: body.content ?? '',
      embeds: body.embeds ?? [],
      components: body.components ?? [],
      attachments: this.attachments(rec.files, body),
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: Boolean(body.tts),
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      flags: Number(body.flags ?? 0),
      ...(fromInteraction ? { webhook_id: this.applicationId, application_id: this.applicationId } : {}),
      ...(ref
        ? { message_reference: { type: 0, channel_id: channelId, ...(guildId ? { guild_id: guildId } : {}), ...ref } }
        : {}),
      ...(referenced ? { referenced_message: referenced } : {}),
    };
  }

  private editMessage(msg: Json, body: Json, rec: RecordedRequest): Json {
    for (const k of ['content', 'embeds', 'components', 'flags'] as const)
      if (k in body && body[k] !== null) msg[k] = body[k];
    if (rec.files.length > 0 || 'attachments' in body) msg.attachments = this.attachments(rec.files, body);
    if (Number(msg.flags ?? 0) & 128) msg.flags = Number(msg.flags) & ~128; // no longer "loading"
    msg.edited_timestamp = new Date().toISOString();
    return msg;
  }

  private attachments(files: RecordedFile[], body: Json): Json[] {
    return files.map((f, i) => {
      const id = this.snowflake();
      const url = `http://127.0.0.1:${this.port}/attachments/${id}/${encodeURIComponent(f.filename)}`;
      const desc = (body.attachments as Json[] | undefined)?.[i]?.description;
      return {
        id,
        filename: f.filename,
        size: f.size,
        url,
        proxy_url: url,
        content_type: f.contentType,
        ...(desc ? { description: desc } : {}),
      };
    });
  }

  private storeMessage(msg: Json): Json {
    this.messages.set(String(msg.id), msg);
    return msg;
  }

  // -------------------------------------------------------------------------------------------
  // Waiting
  // -------------------------------------------------------------------------------------------

  private snowflake(): string {
    this.snowflakeCounter = (this.snowflakeCounter + 1n) & 0xfffn;
    return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | (1n << 12n) | this.snowflakeCounter).toString();
  }

  private waitFor<T>(what: string, probe: () => T | undefined, timeoutMs: number): Promise<T> {
    const hit = probe();
    if (hit !== undefined) return Promise.resolve(hit);
    if (this.closed) return Promise.reject(new Error(`fake-discord: closed; cannot wait for ${what}`));
    return new Promise<T>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      const waiter: Waiter = {
        check: () => {
          const v = probe();
          if (v === undefined) return false;
          done();
          resolve(v);
          return true;
        },
        fail: (err) => {
          done();
          reject(err);
        },
      };
      const timer = setTimeout(() => {
        const recent =
          this.requests
            .slice(-5)
            .map((r) => `${r.method} ${r.path} → ${r.status}`)
            .join('; ') || 'none';
        waiter.fail(
          new Error(
            `fake-discord: timed out after ${timeoutMs} ms waiting for ${what} ` +
              `(last requests: ${recent}; identifies: ${this.identifies.length}, resumes: ${this.resumes})`,
          ),
        );
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  private notify(): void {
    for (const w of [...this.waiters]) w.check();
  }
}

/** Start the fake on 127.0.0.1 with a random port. */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const server = createServer();
  const wss = new WebSocketServer({ noServer: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return new FakeDiscord(server, wss, options);
}

/** A guild member as the gateway and interactions carry it: the fields Discord always sends, plus `extra`. */
function guildMember(extra: Json): Json {
  return {
    ...extra,
    joined_at: new Date(0).toISOString(),
    deaf: false,
    mute: false,
    flags: 0,
    nick: null,
    avatar: null,
    premium_since: null,
    pending: false,
    communication_disabled_until: null,
  };
}
