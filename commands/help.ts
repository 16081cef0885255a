// /help: what the bot can do, with three questions to try that the blog answers today (drawn from its posts, so
// they change with the content). Private: it is for the member who asked.
import { SlashCommandBuilder } from '@discordjs/builders';
import { ApplicationIntegrationType, InteractionContextType } from 'discord-api-types/v10';
import type { Command } from '../src/command.js';
import type { Library } from '../src/library.js';
import { helpReply } from '../src/replies/build.js';

const EXAMPLES = 3;
/** How many of the newest posts are tried for examples. */
const CANDIDATES = 12;

export const help: Command = {
  definition: new SlashCommandBuilder()
    // Installable by a member too, and usable in DMs and other servers.
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall)
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel)
    .setName('help')
    .setDescription('What this bot can do, with questions to try'),

  run(_options, { library }) {
    return helpReply(exampleQuestions(library));
  },
};

/**
 * Questions made from the newest posts' titles, kept only when the blog answers them with that very post: an
 * example that finds nothing would teach the wrong thing.
 */
export function exampleQuestions(library: Library, count = EXAMPLES): string[] {
  const examples: string[] = [];
  for (const post of library.latest(CANDIDATES)) {
    // The title's words, as a member would type them: no punctuation, lower case.
    const question = post.title
      .toLowerCase()
      .replace(/[^\p{L}\p{N}'’-]+/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    if (question.length === 0 || question.length > 80) continue;
    if (library.ask(question, 1).results[0]?.slug !== post.slug) continue;
    examples.push(question);
    if (examples.length === count) break;
  }
  return examples;
}
