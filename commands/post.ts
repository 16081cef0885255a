// /post: one post's card — title, date, summary, link and first passage — chosen by its title (autocomplete).
import { SlashCommandBuilder } from '@discordjs/builders';
import { ApplicationIntegrationType, InteractionContextType } from 'discord-api-types/v10';
import type { Command } from '../src/command.js';
import { postReply } from '../src/replies/build.js';
import { truncate } from '../src/text/truncate.js';

/** Discord shows at most 25 choices, each name and value at most 100 characters. */
const CHOICES = 10;
const CHOICE_CHARS = 100;

export const post: Command = {
  definition: new SlashCommandBuilder()
    // Installable by a member too, and usable in DMs and other servers.
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall)
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel)
    .setName('post')
    .setDescription('Show one post of the blog: title, date, summary, link and how it begins')
    .addStringOption((option) =>
      option
        .setName('title')
        .setDescription('The post’s title (suggested as you type)')
        .setRequired(true)
        .setMaxLength(300)
        .setAutocomplete(true),
    ),

  run(options, { library }) {
    const typed = String(options.title ?? '');
    return postReply(library.findPost(typed), typed);
  },

  // Titles matching what is typed; on empty input, the newest. A title longer than a choice's value is found by
  // its cut start too (findPost falls back on the closest title).
  autocomplete(_option, typed, { library }) {
    const posts = typed.trim() === '' ? library.latest(CHOICES) : library.suggestTitles(typed, CHOICES);
    return posts.map((found) => ({
      name: truncate(found.title, CHOICE_CHARS),
      value: truncate(found.slug, CHOICE_CHARS),
    }));
  },
};
