// /reload: moderators re-read the blog's sources after the author publishes; the reply says what changed.
import { SlashCommandBuilder } from '@discordjs/builders';
import { ApplicationIntegrationType, InteractionContextType, PermissionFlagsBits } from 'discord-api-types/v10';
import type { Command } from '../src/command.js';
import { SourceError } from '../src/content/sources/source.js';
import { isModerator } from '../src/permissions.js';
import { reloadReply } from '../src/replies/build.js';
import { errorReply } from '../src/replies/reply.js';

export const reload: Command = {
  definition: new SlashCommandBuilder()
    .setName('reload')
    .setDescription('Moderators: re-read the blog posts after publishing')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    // A server command only, set explicitly: unset values would follow the app's install settings.
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .setContexts(InteractionContextType.Guild),
  slow: true,

  async run(_options, { library, invoker, log, moderatorRoleIds, onReloaded }) {
    // Server admins can change who sees the command, so the permission is checked again here.
    if (!invoker.inGuild) {
      log.warn({ user: invoker.id, command: 'reload' }, 'reload refused: not in a server');
      return errorReply('/reload can only be used in a server, by a member with the Manage Server permission.');
    }
    if (!isModerator(invoker, moderatorRoleIds)) {
      log.warn({ user: invoker.id, command: 'reload' }, 'reload refused: not a moderator');
      return errorReply('Only members with the Manage Server permission can use /reload.');
    }
    log.info({ user: invoker.id, command: 'reload' }, 'reload requested');
    try {
      const report = await library.reload();
      log.info(
        {
          user: invoker.id,
          added: report.added.length,
          changed: report.changed.length,
          removed: report.removed.length,
          problems: report.problems.map((p) => `${p.file}:${p.line}: ${p.reason}`),
        },
        'reload done',
      );
      onReloaded?.();
      return reloadReply(report);
    } catch (error) {
      if (error instanceof SourceError) {
        log.error({ user: invoker.id }, `reload failed: ${error.message}`);
        return errorReply(`Reload failed: ${error.message} The posts already loaded are still served.`);
      }
      throw error;
    }
  },
};
