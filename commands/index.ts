// The list of commands (the router, the console and deploy-commands all read it), and of button handlers.
import type { ButtonHandler, Command } from '../src/command.js';
import { ask } from './ask.js';
import { deleteAnswer } from './delete.js';
import { feedback } from './feedback.js';
import { latest } from './latest.js';
import { more } from './more.js';
import { reload } from './reload.js';
import { share } from './share.js';
import { stats } from './stats.js';

export const commands: readonly Command[] = [ask, latest, reload, stats];

export const buttons: readonly ButtonHandler[] = [feedback, more, share, deleteAnswer];

export function findCommand(name: string): Command | undefined {
  return commands.find((command) => command.definition.name === name);
}

/** The handler of a pressed button, by its custom_id's prefix (the part before the first ':'). */
export function findButton(customId: string): ButtonHandler | undefined {
  const prefix = customId.split(':', 1)[0];
  return buttons.find((button) => button.prefix === prefix);
}
