// Settings from the environment (and .env), validated once at start: a bad one stops the bot with one clear sentence.
import path from 'node:path';
import { z } from 'zod';
import { conventionsProblem, type FolderConventions } from './content/permalink.js';
import type { SourceOptions } from './content/sources/create.js';
import { parseSourceSpecs, specString } from './content/sources/spec.js';

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (17 to 20 digits)');
const flag = z
  .string()
  .trim()
  .toLowerCase()
  .refine((value) => ['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'].includes(value), 'must be true or false')
  .transform((value) => ['true', '1', 'yes', 'on'].includes(value));

const UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** A duration such as `30m`, `2s`, `1h`, `500ms` or `1.5d`, in milliseconds; a bare `0` is zero. */
const duration = z
  .string()
  .trim()
  .regex(/^(0|\d+(\.\d+)?(ms|s|m|h|d))$/, 'must be a duration such as 30m, 2s or 1h')
  .transform((value) => {
    const [, amount, unit] = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(value)!;
    return Math.round(Number(amount) * UNITS_MS[unit ?? 'ms']!);
  });
const UNITS_BYTES: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };
/** A size such as `20MB`, `512KB` or a number of bytes. */
const bytes = z
  .string()
  .trim()
  .regex(/^\d+(\.\d+)?\s*(b|kb|mb|gb)?$/i, 'must be a size such as 20MB or 512KB')
  .transform((value) => {
    const [, amount, unit] = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(value)!;
    return Math.round(Number(amount) * UNITS_BYTES[(unit ?? 'b').toLowerCase()]!);
  })
  .refine((value) => value >= 1024, 'must be at least 1KB');
/** A comma-separated list of Discord ids (empty: none). */
const idList = (what: string) =>
  z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(z.string().regex(/^\d{17,20}$/, `must be Discord ${what} ids (17 to 20 digits) separated by commas`)),
    );

const schema = z.object({
  DISCORD_TOKEN: z.string().trim().min(1).optional(),
  DISCORD_CLIENT_ID: snowflake.optional(),
  DISCORD_GUILD_ID: snowflake.optional(),
  DISCORD_API_URL: z
    .string()
    .url('must be an http(s) address such as http://127.0.0.1:8080/api')
    .refine((u) => /^https?:\/\//.test(u), 'must start with http:// or https://')
    .optional(),
  CONTENT_DIR: z.string().min(1).default('content'),
  /**
   * Where the blog lives, replacing CONTENT_DIR: sources separated by commas, each a folder, `feed:URL`,
   * `wordpress:URL` or the blog's address (its feed or WordPress API is found). Kept as written: relative folders are
   * resolved where the command runs (see contentSources).
   */
  CONTENT_SOURCE: z
    .string()
    .trim()
    .superRefine((value, context) => {
      const parsed = parseSourceSpecs(value);
      if (!parsed.ok)
        context.addIssue({ code: 'custom', message: `is not usable: ${parsed.error.replace(/\.$/, '')}` });
    })
    .optional(),
  /** The blog's address, for folder posts without `url` (Hugo, Jekyll, Eleventy, Astro). */
  SITE_URL: z.string().trim().optional(),
  /** The path of a post after SITE_URL, with :year, :month, :day and :slug (default /:year/:month/:day/:slug/). */
  PERMALINK: z.string().trim().optional(),
  /** The longest a web source's request may take, its redirects and body included (default 15s). */
  FETCH_TIMEOUT: duration.refine((ms) => ms > 0, 'must be more than 0, such as 15s').optional(),
  /** The largest answer read from a web source; a longer one is cut off and refused (default 20MB). */
  FETCH_MAX_BYTES: bytes.optional(),
  /**
   * How often the sources are checked for new posts, such as 30m; 0 turns it off. Default: 30m when a source is on
   * the web, off for folders only (see WATCH_CONTENT).
   */
  REFRESH_INTERVAL: duration
    .refine((ms) => ms === 0 || ms >= 1000, 'must be 0 (off) or at least 1s, such as 30m')
    .optional(),
  /** Reload soon after a file in a content folder changes. */
  WATCH_CONTENT: flag.default(false),
  /** A channel where reports of automatic refreshes that found problems are posted. */
  LOG_CHANNEL_ID: snowflake.optional(),
  /** A channel where new posts are announced. */
  ANNOUNCE_CHANNEL_ID: snowflake.optional(),
  /** A role pinged by each announcement (that role only). */
  ANNOUNCE_ROLE_ID: snowflake.optional(),
  FREE_TEXT: flag.default(true),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'must be one of fatal, error, warn, info, debug, trace or silent',
    })
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
  MODERATOR_ROLE_IDS: idList('role'),
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
  /**
   * Folder of the bot's own data (the question log, the key that hashes member ids); shards on one machine share it.
   */
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
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'a setting');
    const message = /^(must|is) /.test(issue.message)
      ? issue.message
      : `is invalid (${issue.message.replace(/^Invalid input:? ?/i, '') || 'unexpected value'})`;
    throw new ConfigError(`The setting ${name} ${message}.`.replace(/\.\.$/, '.'));
  }
  const problem = conventionsProblem(conventionsOf(parsed.data));
  if (problem) throw new ConfigError(`The setting ${problem}`);
  return parsed.data;
}

function conventionsOf(config: Pick<Config, 'SITE_URL' | 'PERMALINK'>): FolderConventions {
  return {
    ...(config.SITE_URL && { siteUrl: config.SITE_URL }),
    ...(config.PERMALINK && { permalink: config.PERMALINK }),
  };
}

/** How the sources read, from the settings: SITE_URL and PERMALINK for folders, the fetch limits for web sources. */
export function sourceOptions(config: Config): SourceOptions {
  const fetch = {
    ...(config.FETCH_TIMEOUT !== undefined && { timeoutMs: config.FETCH_TIMEOUT }),
    ...(config.FETCH_MAX_BYTES !== undefined && { maxBytes: config.FETCH_MAX_BYTES }),
  };
  return { conventions: conventionsOf(config), fetch };
}

/** Where the content comes from, and the setting or option that said so (named in messages when it cannot be read). */
export interface ContentSources {
  /** Specs in canonical form (folders absolute), in order. */
  specs: string[];
  /** What to change to point the bot elsewhere, e.g. "CONTENT_SOURCE (or --source)". */
  setting: string;
}

/**
 * The sources to read: `--source` (several separated by commas, or the option given again), else `--content DIR`,
 * else CONTENT_SOURCE, else CONTENT_DIR (default `content`). Relative folders are resolved against `baseDir`.
 * Throws ConfigError with one sentence for a spec that cannot be used, or for --source and --content together.
 */
export function contentSources(
  config: Config,
  options: { source?: string | string[]; content?: string },
  baseDir: string,
): ContentSources {
  const given = typeof options.source === 'string' ? [options.source] : (options.source ?? []);
  if (given.length > 0 && options.content !== undefined)
    throw new ConfigError('Give --source or --content, not both (--source takes a folder too).');
  const [text, setting] =
    given.length > 0
      ? [given.join(','), '--source']
      : options.content !== undefined
        ? [null, '--content']
        : config.CONTENT_SOURCE !== undefined
          ? [config.CONTENT_SOURCE, 'CONTENT_SOURCE (or --source)']
          : [null, 'CONTENT_DIR (or --content)'];
  // A folder given as a folder (CONTENT_DIR, --content) is never read as a spec: "notes:2024" is a folder name there.
  if (text === null) return { specs: [path.resolve(baseDir, options.content ?? config.CONTENT_DIR)], setting };
  const parsed = parseSourceSpecs(text, baseDir);
  if (!parsed.ok)
    throw new ConfigError(
      `${setting === '--source' ? 'The option --source' : 'The setting CONTENT_SOURCE'} is not usable: ${parsed.error}`,
    );
  return { specs: parsed.specs.map(specString), setting };
}

/** What the bot needs to log in to Discord; checked only when it will. */
export function requireDiscordSettings(config: Config): asserts config is Config & { DISCORD_TOKEN: string } {
  if (!config.DISCORD_TOKEN)
    throw new ConfigError('The setting DISCORD_TOKEN is missing: copy .env.example to .env and fill it in.');
}
