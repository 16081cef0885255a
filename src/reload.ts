// `npm run reload`: asks the bot started with `npm start` to read the posts again (as /reload does), by sending SIGHUP
// to the process id in its pid file. The bot's log says what changed ("reload done").
import { readFileSync } from 'node:fs';
import dotenv from 'dotenv';
import { readPidFile, reloadPidFile } from './pid-file.js';

async function main(): Promise<number> {
  dotenv.config({ quiet: true });
  const file = reloadPidFile();
  const pid = await readPidFile(file);
  // Written by `npm start` (or where BLOGBOT_PID_FILE says) once the bot is connected to Discord.
  if (pid === undefined) return fail(`No running bot found: there is no ${file} (written once the bot is connected).`);
  if (!looksLikeTheBot(pid)) {
    return fail(
      `Process ${pid} (from ${file}) is not the bot: the file is left from a bot that did not stop cleanly. Delete it.`,
    );
  }
  try {
    process.kill(pid, 'SIGHUP');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH')
      return fail(`No running bot found: process ${pid} (from ${file}) is not running.`);
    throw error;
  }
  process.stdout.write(`Asked the bot (process ${pid}) to reload the posts; its log says what changed.\n`);
  return 0;
}

/**
 * Where the system shows a process's command line (Linux's /proc), whether it runs the bot's entry point: a pid file
 * left by a killed bot may name a process that has since taken its number, which SIGHUP would end.
 */
function looksLikeTheBot(pid: number): boolean {
  let commandLine: string;
  try {
    commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return true;
  }
  return /\bmain\.[jt]s\b/.test(commandLine);
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 1;
}

main().then(
  (code) => (process.exitCode = code),
  (error: Error) => {
    process.stderr.write(`Could not ask the bot to reload: ${error.message}\n`);
    process.exitCode = 1;
  },
);
