// "Ask the blog", the message command: right-click any message, then Apps, and the blog answers from that
// message's text — privately, like /ask private:true. Discord puts the target message, with its text, in the
// interaction itself (data.resolved.messages), so no Message Content intent is needed.
import { ContextMenuCommandBuilder } from '@discordjs/builders';
import { ApplicationCommandType, ApplicationIntegrationType, InteractionContextType } from 'discord-api-types/v10';
import type { MessageCommand } from '../src/command.js';
import { errorReply } from '../src/replies/reply.js';
import { ask } from './ask.js';

/** The longest question /ask takes. */
const QUESTION_CHARS = 500;

export const askTheBlog: MessageCommand = {
  definition: new ContextMenuCommandBuilder()
    .setName('Ask the blog')
    .setType(ApplicationCommandType.Message)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall)
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel),

  run(options, context) {
    const text = String(options.message ?? '')
      .replace(/\s+/g, ' ')
      .trim();
    if (text === '') return errorReply('That message has no text to ask the blog about.');
    return ask.run({ question: text.slice(0, QUESTION_CHARS), private: options.private !== false }, context);
  },
};
