// Runs one command for any front door: an exception becomes a private error sentence, never a crash.
import type { Command, CommandContext, MessageCommand, Options } from './command.js';
import { errorReply, type Reply } from './replies/reply.js';

export async function runCommand(
  command: Command | MessageCommand,
  options: Options,
  context: CommandContext,
): Promise<Reply> {
  try {
    const reply = await command.run(options, context);
    // Cards name the blog they come from (the embed's author line in Discord).
    return context.blogName && reply.cards.length > 0 ? { ...reply, blogName: context.blogName } : reply;
  } catch (error) {
    context.log.error({ err: error, command: command.definition.name, user: context.invoker.id }, 'command failed');
    return errorReply('Sorry, something went wrong while answering. Please try again in a moment.');
  }
}
