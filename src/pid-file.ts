// The file naming the running bot's process id, so that `npm run reload` can send it SIGHUP: under `npm start` the
// process a shell sees is npm's, and npm does not pass SIGHUP on (it ends, and would leave the bot running unseen).
import { readFileSync, unlinkSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Where `npm start` keeps the pid file when BLOGBOT_PID_FILE is not set: npm runs scripts in the project folder. */
export const DEFAULT_PID_FILE = path.join('.cache', 'blogbot.pid');

/** Whether an npm script started this process (npm sets npm_lifecycle_event to the script's name). */
export function startedByNpm(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.npm_lifecycle_event);
}

/**
 * The pid file the bot writes: BLOGBOT_PID_FILE when set, else DEFAULT_PID_FILE under `npm start`, else none (a bot
 * started otherwise is signalled by its own pid, e.g. by systemd's `ExecReload=kill -HUP $MAINPID`).
 */
export function botPidFile(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.BLOGBOT_PID_FILE) return path.resolve(env.BLOGBOT_PID_FILE);
  return env.npm_lifecycle_event === 'start' ? path.resolve(DEFAULT_PID_FILE) : undefined;
}

/** The pid file `npm run reload` reads: BLOGBOT_PID_FILE when set, else DEFAULT_PID_FILE. */
export function reloadPidFile(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.BLOGBOT_PID_FILE || DEFAULT_PID_FILE);
}

/** Writes this process's id to `file`, and removes the file when the process exits (if it still names this process). */
export async function writePidFile(file: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${process.pid}\n`);
  process.once('exit', () => {
    try {
      if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
    } catch {
      // Already gone, or replaced by another bot's: nothing of ours to remove.
    }
  });
}

/** The process id in `file`, or undefined when there is no such file or it holds no process id. */
export async function readPidFile(file: string): Promise<number | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}
