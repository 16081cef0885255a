// Runs one command for any front door: an exception becomes a private error sentence, never a crash.
import type { Command, CommandContext, Options } from './command.js';
import { errorReply, type Reply } from './replies/reply.js';

export async function runCommand(command: Command, options: Options, context: CommandContext): Promise<Reply> {
  try {
    return await command.run(options, context);
  } catch (error) {
    context.log.error({ err: error, command: command.definition.name, user: context.invoker.id }, 'command failed');
    return errorReply('Sorry, something went wrong while answering. Please try again in a moment.');
  }
}
