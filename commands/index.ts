// The list of commands: the router, the console and deploy-commands all read it.
import type { Command } from '../src/command.js';
import { ask } from './ask.js';
import { latest } from './latest.js';
import { reload } from './reload.js';

export const commands: readonly Command[] = [ask, latest, reload];

export function findCommand(name: string): Command | undefined {
  return commands.find((command) => command.definition.name === name);
}
