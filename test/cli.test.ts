// The command line as a process, for what only a process shows: `npm run --silent` output, standard input, exit codes
// and a flood of hostile lines. The commands themselves are tested in this process in test/command-line.test.ts.
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { childEnv, ESSAYS, PROJECT } from './content/factories.js';
import { expectAnswerShape, highlighted, type Outcome } from './support/command-line.js';
import { nodeArgsFor } from './support/node-args.js';

const exec = promisify(execFile);

/** The command line as a process: the compiled build when there is one (test/support/global-setup.ts), else tsx. */
function cli(args: string[], input = '', env: Record<string, string> = {}): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgsFor('src/cli.ts'), ...args], {
      cwd: PROJECT,
      env: childEnv(env),
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code: code ?? -1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
    child.stdin.end(input);
  });
}

describe.concurrent('npm run ask / latest / check', () => {
  it('ask --json "QUESTION" (through npm run --silent) prints one JSON object, best first', async () => {
    const { stdout } = await exec(
      'npm',
      ['run', '--silent', 'ask', '--', '--content', ESSAYS, '--results', '2', '--json', 'kubernetes security'],
      {
        cwd: PROJECT,
        env: childEnv(),
      },
    );
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const answer = JSON.parse(lines[0]!);
    expectAnswerShape(answer);
    expect(answer.query).toBe('kubernetes security');
    expect(answer.keywords).toEqual(['kubernetes', 'security']);
    expect(answer.results.length).toBeGreaterThanOrEqual(1);
    expect(answer.results.length).toBeLessThanOrEqual(2);
    expect(answer.results[0].slug).toBe('managed-kubernetes-and-security');
    const scores = answer.results.map((r: { score: number }) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const words = highlighted(answer.results[0]).map((word) => word.toLowerCase());
    expect(words).toContain('kubernetes');
    expect(words).toContain('security');
    // Each highlight is a word the excerpt shows in bold.
    for (const word of highlighted(answer.results[0])) expect(answer.results[0].excerpt).toContain(`**${word}**`);
  });

  it('ask --json with no question reads stdin: a JSON line per line, in order; empty line → results []', async () => {
    const questions = ['edge tpu', '', 'hololens', 'zzzz qqqq', 'what is the', 'blameless post-mortem'];
    const { code, stdout } = await cli(['ask', '--content', ESSAYS, '--json'], `${questions.join('\n')}\n`);
    expect(code).toBe(0);
    const answers = stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(answers.map((a) => a.query)).toEqual(questions);
    answers.forEach(expectAnswerShape);
    expect(answers[0].results[0].slug).toBe('brainwave-tensorflow-ai-at-the-edge');
    expect(answers[1].results).toEqual([]);
    expect(answers[2].results[0].slug).toBe('testing-out-hololens');
    expect(answers[3].results).toEqual([]);
    expect(answers[4].results).toEqual([]);
    expect(answers[5].results[0].slug).toBe('blameless-post-mortem');
  });

  it('a missing content folder: one sentence on stderr, exit 1; a bad option: usage, exit 2', async () => {
    const [missing, usage] = await Promise.all([
      cli(['check', '--content', '/nonexistent/blog']),
      cli(['ask', '--bogus']),
    ]);
    expect(missing).toEqual({ code: 1, stdout: '', stderr: 'The content folder /nonexistent/blog does not exist.\n' });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Usage:');
  });

  it('a few thousand hostile lines on stdin: exactly one valid JSON line per input line, no crash', async () => {
    const hostile = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.constantFrom(
        '',
        ' ',
        '@everyone',
        '<@&123456789012345678> kubernetes',
        '.*+?^${}()|[]\\',
        '"unclosed',
        '~fuzzy^2',
        '-',
        '\u0000\u0007\u001b[31m',
        '\u200b\u200f\u202e',
        '中文 русский العربية',
        '😀👍🏽',
        '\uD800 lone \uDC00',
        'x'.repeat(6000),
        'a\rb',
        '\u2028\u2029',
      ),
    );
    const lines = fc.sample(hostile, { numRuns: 3000, seed: 42 }).map((line) => line.replace(/\n/g, ' '));
    const { code, stdout, stderr } = await cli(['ask', '--content', ESSAYS, '--json'], `${lines.join('\n')}\n`);
    expect(stderr).not.toMatch(/Could not answer|Error/);
    expect(code).toBe(0);
    const out = stdout.split('\n');
    expect(out.pop()).toBe('');
    expect(out).toHaveLength(lines.length);
    for (const line of out) expectAnswerShape(JSON.parse(line));
  });
});
