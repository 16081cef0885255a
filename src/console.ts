// The terminal front door: reads /ask, /latest, /reload or free text line by line and prints each reply as text.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { commands, findCommand } from '../commands/index.js';
import type { CommandContext, Invoker, Options } from './command.js';
import type { Library } from './library.js';
import type { Logger } from './log.js';
import { toText } from './replies/render.js';
import { runCommand } from './run-command.js';

// The console is the owner's own terminal: it may run moderator commands.
const OWNER: Invoker = { id: 'console', inGuild: true, canManageServer: true, roleIds: [] };

export async function runConsole(
  library: Library,
  log: Logger,
  input: Readable = process.stdin,
  output: Writable = process.stdout,
): Promise<void> {
  const context: CommandContext = { library, invoker: OWNER, log, moderatorRoleIds: [] };
  const lines = createInterface({ input, crlfDelay: Infinity, terminal: false });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const text = await answerLine(line, context);
    output.write(`${text}\n\n`);
  }
}

export async function answerLine(line: string, context: CommandContext): Promise<string> {
  const parsed = parseLine(line);
  const command = findCommand(parsed.name);
  if (!command) {
    return (
      `Unknown command /${parsed.name}. Commands: ` +
      `${commands.map((c) => `/${c.definition.name}`).join(', ')}, or type a question.`
    );
  }
  return toText(await runCommand(command, parsed.options(command.definition.toJSON().options ?? []), context));
}

interface OptionSpec {
  name: string;
  type: number;
}

/** "/latest count:3", "/latest 3", "/ask results:2 what is IoT?" or plain text (an /ask). */
export function parseLine(line: string): { name: string; options: (specs: readonly OptionSpec[]) => Options } {
  const trimmed = line.trim();
  const match = /^\/(\w+)\s*(.*)$/s.exec(trimmed);
  const name = match ? match[1]!.toLowerCase() : 'ask';
  const rest = match ? match[2]! : trimmed;
  return {
    name,
    options(specs) {
      const options: Options = {};
      const free: string[] = [];
      for (const word of rest.split(/\s+/).filter(Boolean)) {
        const pair = /^(\w+):(.+)$/.exec(word);
        const spec = pair ? specs.find((s) => s.name === pair[1]) : undefined;
        if (pair && spec) options[spec.name] = convert(pair[2]!, spec.type);
        else free.push(word);
      }
      if (free.length > 0) {
        const target =
          specs.find((s) => s.type === 3 && options[s.name] === undefined) ??
          specs.find((s) => options[s.name] === undefined);
        if (target) options[target.name] = convert(free.join(' '), target.type);
      }
      return options;
    },
  };
}

function convert(value: string, type: number): string | number | boolean {
  if (type === 4 || type === 10) return Number(value);
  if (type === 5) return /^(true|yes|1|on)$/i.test(value);
  return value;
}
