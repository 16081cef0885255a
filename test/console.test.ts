import { execFile } from 'node:child_process';
import { PassThrough, Readable } from 'node:stream';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { findCommand } from '../commands/index.js';
import { answerLine, parseLine, runConsole } from '../src/console.js';
import { Library } from '../src/library.js';
import { childEnv, context, ESSAYS, invoker, memoryLogger, PROJECT } from './content/factories.js';

const run = promisify(execFile);

let library: Library;
beforeAll(async () => {
  library = await Library.open({ contentDir: ESSAYS });
});

async function consoleSession(input: string): Promise<string[]> {
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  await runConsole(library, memoryLogger().log, Readable.from([input]), output);
  return chunks;
}

describe('the console', () => {
  it('answers each piped line with a text reply, in order, and skips blank lines', async () => {
    const replies = await consoleSession(
      '/ask kubernetes security\n\n/latest 3\n/reload\nwhat about hololens?\n/nope\n',
    );
    expect(replies).toHaveLength(5);
    expect(replies[0]).toMatch(
      /^The best match in the blog:\n\n## Managed Kubernetes and security \(2018-06-22\)\nhttps:\/\//,
    );
    expect(replies[0]).toMatch(/\(Searched for: kubernetes, security\)\n\n$/);
    expect(replies[1]).toMatch(/^## The 3 newest posts\nThe comeback of Research <https:\/\/[^>]+> · 2018-12-18 — /);
    expect(replies[1]!.trim().split('\n')).toHaveLength(4);
    expect(replies[2]).toBe('Reloaded: 10 posts served.\nNo post changed.\n\n');
    expect(replies[3]).toMatch(/^The best match in the blog:\n\n## Testing out Hololens/);
    expect(replies[4]).toBe(
      'Unknown command /nope. Commands: /ask, /post, /latest, /help, /reload, /stats, or type a question.\n\n',
    );
  });

  it('prints plain text: no Markdown escapes and no bold markers', async () => {
    const [reply] = await consoleSession('"edge tpu"\n');
    expect(reply).not.toMatch(/\*\*|\\[*_]/);
    expect(reply).toContain('Edge-TPU');
  });

  it('handles CRLF input and a last line with no newline', async () => {
    const replies = await consoleSession('/latest 1\r\n/latest count:2');
    expect(replies.map((reply) => reply.split('\n')[0])).toEqual(['## The newest post', '## The 2 newest posts']);
  });

  it('a hostile line gets a normal reply', async () => {
    const replies = await consoleSession(
      '@everyone <@123456789012345678> .*+?^${}()|[]\\ "unclosed ~fuzzy^2 - \u202Eevil \u200b中文 😀\n/ask\n/\n',
    );
    expect(replies).toHaveLength(3);
    expect(replies[1]).toMatch(/^Your question has no words to search for/);
    for (const reply of replies) expect(reply).not.toMatch(/Sorry, something went wrong/);
  });
});

describe('answerLine and parseLine', () => {
  const ctx = () => context(library, { invoker: invoker({ canManageServer: true }) });
  const specsOf = (name: string) => findCommand(name)!.definition.toJSON().options ?? [];

  it('reads named options, a bare number for /latest, and free text as the question', () => {
    expect(parseLine('/latest 3').options(specsOf('latest'))).toEqual({ count: 3 });
    expect(parseLine('/latest count:2').options(specsOf('latest'))).toEqual({ count: 2 });
    expect(parseLine('/ask results:2 private:true what is IoT?').options(specsOf('ask'))).toEqual({
      results: 2,
      private: true,
      question: 'what is IoT?',
    });
    expect(parseLine('  edge tpu  ')).toMatchObject({ name: 'ask' });
    expect(parseLine('edge tpu').options(specsOf('ask'))).toEqual({ question: 'edge tpu' });
    expect(parseLine('/LATEST').name).toBe('latest');
  });

  it('keeps a word with a colon that is not an option in the question', () => {
    expect(parseLine('/ask see https://example.com note:this').options(specsOf('ask'))).toEqual({
      question: 'see https://example.com note:this',
    });
  });

  it('answers one line as text', async () => {
    expect(await answerLine('/latest 1', ctx())).toMatch(/^## The newest post\nThe comeback of Research/);
    // /help works in the console too, with examples drawn from the posts.
    expect(await answerLine('/help', ctx())).toMatch(/^I answer questions about the blog[^]*\nTry:\n• \/ask question:/);
  });
});

describe.concurrent('npm start without a token (spawned)', () => {
  const main = (env: Record<string, string>, input = '') => {
    const child = run(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: PROJECT,
      env: childEnv(env),
      timeout: 15_000,
    });
    child.child.stdin!.end(input);
    return child;
  };

  it('a missing content folder stops it with one clear sentence and exit code 1', async () => {
    const failed = await main({ CONTENT_DIR: '/nonexistent' }).then(
      () => undefined,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stdout).toBe('');
    expect(failed?.stderr.trim()).toBe(
      'The content folder /nonexistent does not exist: set CONTENT_DIR (or --content) to your Markdown folder.',
    );
  });

  it('runs the console on piped lines and exits 0 at the end of input', async () => {
    const { stdout, stderr } = await main({ CONTENT_DIR: ESSAYS, LOG_LEVEL: 'warn' }, '/latest 2\nhololens\n');
    expect(stdout).toMatch(/^## The 2 newest posts\n/);
    expect(stdout).toContain('## Testing out Hololens');
    expect(stderr).toContain('running in console mode');
  });
});
