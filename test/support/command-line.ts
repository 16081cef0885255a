// The command line run in this process (src/command-line.ts, as src/cli.ts runs it) and what its JSON must look like:
// for tests of the commands themselves; test/cli.test.ts spawns the real process for the process's own contract.
import { Readable } from 'node:stream';
import { expect } from 'vitest';
import { runCommandLine } from '../../src/command-line.js';
import { childEnv, PROJECT } from '../content/factories.js';

export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `npm run <args>` as the CLI would, with `input` on standard input and `env` over the test's settings. */
export async function commandLine(args: string[], input = '', env: Record<string, string> = {}): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const code = await runCommandLine(args, {
    env: childEnv(env),
    cwd: PROJECT,
    stdin: Readable.from([input]),
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { isTTY: false, write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

/** The fields of the JSON contract (README), with their types. */
export function expectAnswerShape(answer: Record<string, unknown>): void {
  expect(answer).toEqual(
    expect.objectContaining({
      query: expect.any(String),
      keywords: expect.any(Array),
      results: expect.any(Array),
      took_ms: expect.any(Number),
    }),
  );
  for (const result of answer.results as Array<Record<string, unknown>>) {
    expect(result).toEqual(
      expect.objectContaining({
        slug: expect.any(String),
        title: expect.any(String),
        url: expect.stringMatching(/^https?:\/\//),
        date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        score: expect.any(Number),
        excerpt: expect.any(String),
        highlights: expect.any(Array),
      }),
    );
  }
}

/** The words each highlight covers, read as the README says: code points of the excerpt with its Markdown resolved. */
export function highlighted(result: { excerpt: string; highlights: Array<[number, number]> }): string[] {
  const plain = [...result.excerpt.replace(/\\(.)|\*\*/gsu, '$1')];
  return result.highlights.map(([start, end]) => plain.slice(start, end).join(''));
}
