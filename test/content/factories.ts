// Small factories shared by the content, reply, command and property tests: posts, content folders, answers, loggers.
import { cpSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import type { Invoker, CommandContext } from '../../src/command.js';
import type { Answer, AnswerResult, PostRef } from '../../src/answer.js';
import type { ReloadReport } from '../../src/library.js';
import { createLogger, type Logger } from '../../src/log.js';

export const PROJECT = path.resolve(import.meta.dirname, '../..');
export const ESSAYS = path.join(PROJECT, 'content');

export interface PostFields {
  title?: string | null;
  date?: string | null;
  url?: string | null;
  draft?: boolean | string;
  slug?: string;
  summary?: string;
  body?: string;
  /** Extra raw front-matter lines. */
  extra?: string[];
}

/** A Markdown post as an author writes it; a field set to null is left out. */
export function postMarkdown(fields: PostFields = {}): string {
  const front: string[] = [];
  const add = (key: string, value: unknown) => {
    if (value !== null && value !== undefined)
      front.push(`${key}: ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`);
  };
  add('title', fields.title === undefined ? 'A test post' : fields.title);
  // Dates are written bare, as authors do.
  const date = fields.date === undefined ? '2020-01-02' : fields.date;
  if (date !== null) front.push(`date: ${date}`);
  add('url', fields.url === undefined ? 'https://blog.example/test-post/' : fields.url);
  add('draft', fields.draft);
  add('slug', fields.slug);
  add('summary', fields.summary);
  front.push(...(fields.extra ?? []));
  return `---\n${front.join('\n')}\n---\n\n${fields.body ?? 'Some words about gardening and compost heaps.'}\n`;
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder, removed after the test file. */
export function tempDir(prefix = 'blogbot-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Writes files (paths relative to the folder, sub-folders created) into a fresh content folder. */
export function contentDir(
  files: Record<string, string | Uint8Array> = {},
  options: { withEssays?: boolean } = {},
): string {
  const root = tempDir();
  const dir = path.join(root, 'content');
  mkdirSync(dir);
  if (options.withEssays) cpSync(ESSAYS, dir, { recursive: true });
  writeFiles(dir, files);
  return dir;
}

export function writeFiles(dir: string, files: Record<string, string | Uint8Array>): void {
  for (const [file, data] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), data);
  }
}

export function result(overrides: Partial<AnswerResult> = {}): AnswerResult {
  return {
    slug: 'compost',
    title: 'Compost heaps',
    url: 'https://blog.example/compost/',
    link: 'https://blog.example/compost/#:~:text=Compost',
    date: '2020-01-02',
    score: 1.2,
    confidence: 0.9,
    // '…a **compost** heap needs air…' in Markdown.
    excerpt: { text: '…a compost heap needs air…', highlights: [{ start: 3, end: 10 }] },
    ...overrides,
  };
}

export function postRef(overrides: Partial<PostRef> = {}): PostRef {
  return {
    slug: 'compost',
    title: 'Compost heaps',
    url: 'https://blog.example/compost/',
    date: '2020-01-02',
    ...overrides,
  };
}

export function answer(overrides: Partial<Answer> = {}): Answer {
  return {
    query: 'compost heap',
    keywords: ['compost', 'heap'],
    results: [result()],
    related: [],
    tookMs: 1,
    ...overrides,
  };
}

export function reloadReport(overrides: Partial<ReloadReport> = {}): ReloadReport {
  return {
    added: [],
    changed: [],
    removed: [],
    problems: [],
    drafts: [],
    sources: [],
    postCount: 3,
    tookMs: 5,
    ...overrides,
  };
}

export function invoker(overrides: Partial<Invoker> = {}): Invoker {
  return { id: '111111111111111111', inGuild: true, canManageServer: false, roleIds: [], ...overrides };
}

/** A logger writing into memory, for asserting what reaches the log: `text()` is every logged string value, decoded. */
export function memoryLogger(level = 'debug'): { log: Logger; lines: string[]; text: () => string } {
  const lines: string[] = [];
  const log = createLogger(level, { write: (line: string) => void lines.push(line) });
  const strings = (value: unknown): string[] =>
    typeof value === 'string'
      ? [value]
      : value && typeof value === 'object'
        ? Object.values(value).flatMap(strings)
        : [];
  return { log, lines, text: () => lines.flatMap((line) => strings(JSON.parse(line))).join('\n') };
}

export function context(
  library: CommandContext['library'],
  overrides: Partial<CommandContext> = {},
): CommandContext & { logged: () => string } {
  const { log, text } = memoryLogger();
  return { library, invoker: invoker(), log, moderatorRoleIds: [], ...overrides, logged: text };
}

/** Environment for spawned front doors: no Discord settings from the developer's shell, no npm folder hints. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env))
    if (/^(DISCORD_|CONTENT_DIR$|INIT_CWD$|FREE_TEXT$|ASK_RATE_LIMIT$|LOG_LEVEL$|MODERATOR_ROLE_IDS$)/.test(key))
      delete env[key];
  // Set but empty: dotenv never overrides a variable that exists, so a developer's .env cannot leak in.
  return { ...env, DISCORD_TOKEN: '', ...extra };
}

/** No lone surrogate: the text survives UTF-8 encoding unchanged. */
export function isWellFormed(text: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}
