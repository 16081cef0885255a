// /latest: the newest posts, with link, date and a one-line summary.
import { SlashCommandBuilder } from '@discordjs/builders';
import { ApplicationIntegrationType, InteractionContextType } from 'discord-api-types/v10';
import type { Command } from '../src/command.js';
import { latestReply, notLoadedReply } from '../src/replies/build.js';

export const latest: Command = {
  definition: new SlashCommandBuilder()
    // Installable by a member too, and usable in DMs and other servers.
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall)
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel)
    .setName('latest')
    .setDescription('The newest posts of the blog')
    .addIntegerOption((option) =>
      option.setName('count').setDescription('How many posts (1-10, default 5)').setMinValue(1).setMaxValue(10),
    ),

  run(options, { library }) {
    if (!library.loaded) return notLoadedReply();
    const requested = Number(options.count ?? 5);
    const count = Number.isFinite(requested) ? Math.min(10, Math.max(1, Math.trunc(requested))) : 5;
    return latestReply(library.latest(count));
  },
};
