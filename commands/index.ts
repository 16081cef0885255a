// The list of commands (the router, the console and deploy-commands all read it), of message commands, and of button
// handlers.
import type { ButtonHandler, Command, MessageCommand } from '../src/command.js';
import { askTheBlog } from './ask-the-blog.js';
import { ask } from './ask.js';
import { deleteAnswer } from './delete.js';
import { feedback } from './feedback.js';
import { help } from './help.js';
import { latest } from './latest.js';
import { more } from './more.js';
import { post } from './post.js';
import { reload } from './reload.js';
import { share } from './share.js';
import { stats } from './stats.js';

export const commands: readonly Command[] = [ask, post, latest, help, reload, stats];

/** Message commands (right-click a message, then Apps), registered with the slash commands in one PUT. */
export const messageCommands: readonly MessageCommand[] = [askTheBlog];

export const buttons: readonly ButtonHandler[] = [feedback, more, share, deleteAnswer];

export function findCommand(name: string): Command | undefined {
  return commands.find((command) => command.definition.name === name);
}

export function findMessageCommand(name: string): MessageCommand | undefined {
  return messageCommands.find((command) => command.definition.name === name);
}

/** The handler of a pressed button, by its custom_id's prefix (the part before the first ':'). */
export function findButton(customId: string): ButtonHandler | undefined {
  const prefix = customId.split(':', 1)[0];
  return buttons.find((button) => button.prefix === prefix);
}
