// The command line's process: `npm run ask | latest | check` (src/command-line.ts runs the commands) with this
// process's settings (.env loaded), folder and streams.
import dotenv from 'dotenv';
import { runCommandLine } from './command-line.js';

dotenv.config({ quiet: true });
// A reader that stops early (`| head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});
process.exitCode = await runCommandLine(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});
