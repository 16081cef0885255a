// Question-log writers in processes of their own (test/support/question-log-writer.ts), as the shards of a machine are.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { PROJECT } from '../content/factories.js';

const WRITER = path.join(PROJECT, 'test/support/question-log-writer.ts');
const TSX = path.join(PROJECT, 'node_modules/tsx/dist/loader.mjs');

/** Runs test/support/question-log-writer.ts (as `uid` when given) and returns what it printed. */
export async function runWriters(
  dataDir: string,
  count: number,
  writers: number,
  uid?: number,
): Promise<Array<{ ids: Array<string | null>; warnings: string[] }>> {
  const children = Array.from({ length: writers }, (_, n) =>
    spawn(process.execPath, ['--import', TSX, WRITER, dataDir, String(count), `writer${n}`], {
      cwd: PROJECT,
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(uid !== undefined && { uid, gid: uid }),
    }),
  );
  const outputs = children.map((child) => {
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const ready = new Promise<void>((resolve, reject) => {
      child.stdout.on('data', () => stdout.includes('ready\n') && resolve());
      child.once('exit', () => reject(new Error(`writer exited before it was ready: ${stderr}`)));
    });
    const done = new Promise<string>((resolve, reject) =>
      child.once('exit', (code) =>
        code === 0 ? resolve(stdout) : reject(new Error(`writer exited with ${code}: ${stderr}`)),
      ),
    );
    return { ready, done };
  });
  await Promise.all(outputs.map((output) => output.ready));
  // Both go at once: the bursts overlap.
  for (const child of children) child.stdin.end('go\n');
  const printed = await Promise.all(outputs.map((output) => output.done));
  return printed.map(
    (text) => JSON.parse(text.trim().split('\n').at(-1)!) as { ids: Array<string | null>; warnings: string[] },
  );
}

export async function runWriter(dataDir: string, count: number, uid?: number) {
  return (await runWriters(dataDir, count, 1, uid))[0]!;
}
