// Settings from the environment (and .env), validated once at start: a bad one stops the bot with one clear sentence.
import { z } from 'zod';

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (17 to 20 digits)');
const flag = z
  .string()
  .trim()
  .toLowerCase()
  .refine((value) => ['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'].includes(value), 'must be true or false')
  .transform((value) => ['true', '1', 'yes', 'on'].includes(value));

/** A comma-separated list of Discord ids (empty: none). */
const idList = (what: string) =>
  z
    .string()
    .default('')
    .transform((value) => value.split(',').map((id) => id.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^\d{17,20}$/, `must be Discord ${what} ids (17 to 20 digits) separated by commas`)));

const schema = z.object({
  DISCORD_TOKEN: z.string().trim().min(1).optional(),
  DISCORD_CLIENT_ID: snowflake.optional(),
  DISCORD_GUILD_ID: snowflake.optional(),
  DISCORD_API_URL: z.string().url('must be an http(s) address such as http://127.0.0.1:8080/api').refine((u) => /^https?:\/\//.test(u), 'must start with http:// or https://').optional(),
  CONTENT_DIR: z.string().min(1).default('content'),
  FREE_TEXT: flag.default(true),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'must be one of fatal, error, warn, info, debug, trace or silent' })
    .default('info'),
  ASK_RATE_LIMIT: z
    .string()
    .trim()
    .regex(/^\d+\/\d+s$/, 'must look like 5/10s (requests per seconds)')
    .refine((value) => !/^0+\/|\/0+s$/.test(value), 'must allow at least 1 request in at least 1 second, like 5/10s')
    .default('5/10s')
    .transform((value) => {
      const [count, seconds] = value.slice(0, -1).split('/').map(Number);
      return { count: count!, windowMs: seconds! * 1000 };
    }),
  MODERATOR_ROLE_IDS: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((id) => id.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^\d{17,20}$/, 'must be Discord role ids (17 to 20 digits) separated by commas'))),
  SHARD_COUNT: z
    .string()
    .trim()
    .regex(/^(auto|[1-9]\d*)$/, 'must be auto or a whole number from 1')
    .default('auto')
    .transform((value): 'auto' | number => (value === 'auto' ? 'auto' : Number(value))),
  SHARD_IDS: z
    .string()
    .regex(/^\d+(-\d+)?$/, 'must be a shard id or a range such as 0-3')
    .optional(),
  /** The blog's name, shown as the author line of every card (an embed's author field holds 256 characters). */
  BLOG_NAME: z.string().trim().max(256, 'must be at most 256 characters').optional(),
  /** Forum channels whose new threads the bot answers inside the thread, from the title (silent with no good match). */
  FORUM_CHANNEL_IDS: idList('channel'),
  /** When set, free text (mentions) is answered only in these channels (and their threads); DMs are not affected. */
  ASK_CHANNEL_IDS: idList('channel'),
  /**
   * The owner turned on the privileged Message Content intent in the Developer Portal: the bot asks for it, and reads
   * a forum thread's starter message as well as its title. Off, asking for it would make login fail (close code 4014).
   */
  MESSAGE_CONTENT: flag.default(false),
  /** Folder of the bot's own data (the question log, the key that hashes member ids); shards on one machine share it. */
  DATA_DIR: z.string().trim().min(1).default('.data/blogbot'),
  /** Keep a log of the questions asked on Discord, for /stats (false: nothing is stored). */
  LOG_QUESTIONS: flag.default(true),
  /** Questions (and the feedback on them) older than this many days are deleted, at start and daily. */
  QUESTION_RETENTION_DAYS: z
    .string()
    .trim()
    .regex(/^[1-9]\d{0,4}$/, 'must be a whole number of days from 1, such as 90')
    .default('90')
    .transform(Number),
});

export type Config = z.infer<typeof schema>;

/** Thrown for a bad setting; its message is the one sentence shown to the user. */
export class ConfigError extends Error {}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty values in .env mean "not set".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'a setting');
    const message = /^(must|is) /.test(issue.message) ? issue.message : `is invalid (${issue.message.replace(/^Invalid input:? ?/i, '') || 'unexpected value'})`;
    throw new ConfigError(`The setting ${name} ${message}.`.replace(/\.\.$/, '.'));
  }
  return parsed.data;
}

/** What the bot needs to log in to Discord; checked only when it will. */
export function requireDiscordSettings(config: Config): asserts config is Config & { DISCORD_TOKEN: string } {
  if (!config.DISCORD_TOKEN) throw new ConfigError('The setting DISCORD_TOKEN is missing: copy .env.example to .env and fill it in.');
}
