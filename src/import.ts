// `npm run import -- SOURCE --out DIR`: writes the posts of any source (a folder, feed:URL, wordpress:URL, a blog's
// address) or of a WordPress export file (.xml) as Markdown files in the bot's format, for an owner to curate.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import dotenv from 'dotenv';
import { conventionsProblem, type FolderConventions } from './content/permalink.js';
import { formatProblem } from './content/post.js';
import { createSources } from './content/sources/create.js';
import type { ContentSource, SourcePost } from './content/sources/source.js';
import { WxrSource } from './content/sources/wxr.js';
import { postFileName, postToMarkdown } from './content/write-post.js';

const USAGE = `Usage: npm run import -- SOURCE --out DIR
  SOURCE: a folder, feed:URL, wordpress:URL, a blog's http(s) address, or a WordPress export file (.xml)
  DIR:    where the posts are written, one SLUG.md each (created if missing; files of the same name are replaced)
  SITE_URL and PERMALINK (environment) give addresses to a folder's posts that have no url.
Exit code: 0 when the source was read (skipped items are listed on standard error), 1 when it could not be.`;

export interface ImportOutput {
  out: (line: string) => void;
  err: (line: string) => void;
}

const standardOutput: ImportOutput = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

export async function runImport(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  io: ImportOutput = standardOutput,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { out: { type: 'string' } } });
  } catch (error) {
    io.err(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1 || !values.out) {
    io.err(USAGE);
    return 2;
  }
  // npm runs scripts from the project folder; relative paths mean the caller's folder.
  const base = env.INIT_CWD ?? process.cwd();
  const conventions: FolderConventions = {
    ...(env.SITE_URL && { siteUrl: env.SITE_URL }),
    ...(env.PERMALINK && { permalink: env.PERMALINK }),
  };
  const badSetting = conventionsProblem(conventions);
  if (badSetting) {
    io.err(badSetting);
    return 1;
  }
  const source = sourceOf(positionals[0]!, base, conventions);
  if (typeof source === 'string') {
    io.err(source);
    return 1;
  }
  const outDir = path.resolve(base, values.out);

  const posts: SourcePost[] = [];
  const result = await source.read({ onPost: (post) => posts.push(post) });
  if (!result.ok) {
    io.err(result.reason);
    return 1;
  }
  if (result.unchanged) throw new Error('a read without `since` is never unchanged');
  await mkdir(outDir, { recursive: true });
  for (const post of posts) await writeFile(path.join(outDir, postFileName(post)), postToMarkdown(post));
  for (const note of result.notes) io.err(note);
  for (const problem of result.problems) io.err(formatProblem(problem));
  for (const draft of result.drafts) io.err(`${formatProblem(draft)} (not imported)`);
  io.out(
    `Wrote ${posts.length} post${posts.length === 1 ? '' : 's'} to ${outDir}` +
      `${result.problems.length ? `; ${result.problems.length} skipped (listed above)` : ''}.`,
  );
  return 0;
}

/** A WordPress export for an existing .xml file, else the source the spec names. */
function sourceOf(spec: string, base: string, conventions: FolderConventions): ContentSource | string {
  const file = path.resolve(base, spec);
  if (/\.xml$/i.test(spec) && existsSync(file) && statSync(file).isFile()) return new WxrSource(file);
  const made = createSources([spec], { baseDir: base, conventions });
  return made.ok ? made.sources[0]! : made.error;
}

function isMain(): boolean {
  if (!process.argv[1]) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false;
  }
}

if (isMain()) {
  dotenv.config({ quiet: true });
  process.exitCode = await runImport(process.argv.slice(2));
}
