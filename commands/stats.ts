// /stats [days]: moderators see what readers asked — questions per day (a chart), the unanswered questions grouped
// by keywords, the most-answered posts and 👍/👎 per post — privately, with the period's CSV. It reads the shared
// database, so it covers every shard of this machine.
import { SlashCommandBuilder } from '@discordjs/builders';
import { ApplicationIntegrationType, InteractionContextType, PermissionFlagsBits } from 'discord-api-types/v10';
import type { Command } from '../src/command.js';
import { isModerator } from '../src/permissions.js';
import { code, errorReply } from '../src/replies/reply.js';
import { statsReply, type StatsAttachments } from '../src/replies/stats.js';
import { questionsCsv } from '../src/stats/csv.js';

const DEFAULT_DAYS = 30;
const MAX_DAYS = 365;
/** Under Discord's 10 MiB upload limit for a bot's message, with room for the chart. */
const CSV_MAX_BYTES = 8 * 1024 * 1024;

export const stats: Command = {
  definition: new SlashCommandBuilder()
    .setName('stats')
    .setDescription('Moderators: what readers asked, what went unanswered, and which answers helped')
    .addIntegerOption((option) =>
      option
        .setName('days')
        .setDescription(`How many days back, today included (default ${DEFAULT_DAYS})`)
        .setMinValue(1)
        .setMaxValue(MAX_DAYS),
    )
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    // A server command only, set explicitly: unset values would follow the app's install settings.
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .setContexts(InteractionContextType.Guild),
  // Drawing the chart takes a moment: the router defers (privately) first.
  slow: true,

  async run(options, { invoker, log, moderatorRoleIds, questions }) {
    // Server admins can change who sees the command, so the permission is checked again here.
    if (!isModerator(invoker, moderatorRoleIds)) {
      log.warn({ user: invoker.id, command: 'stats' }, 'stats refused: not a moderator');
      return errorReply('Only moderators (members with the Manage Server permission) can use /stats, in a server.');
    }
    if (!questions)
      return errorReply([
        'The question log is kept by the Discord bot: run ',
        code('npm run stats'),
        ' for its figures.',
      ]);
    if (!questions.log.enabled)
      return errorReply([
        'The question log is off (',
        code('LOG_QUESTIONS=false'),
        '): no question is stored, so there are no statistics.',
      ]);
    const days = Math.min(MAX_DAYS, Math.max(1, Math.trunc(Number(options.days ?? DEFAULT_DAYS)) || DEFAULT_DAYS));
    const figures = await questions.log.stats(days);
    if (!figures.ok) return errorReply(`The question log cannot be read right now: ${figures.reason}.`);
    const attachments: StatsAttachments = {};
    try {
      // Loaded on first use: the chart library is not needed to answer questions.
      const { questionsChart } = await import('../src/stats/chart.js');
      attachments.chart = await questionsChart(figures.value.perDay);
    } catch (error) {
      log.warn({ err: error }, 'stats: the chart could not be drawn');
      attachments.chartProblem = error instanceof Error ? error.message : String(error);
    }
    const rows = await questions.log.rows(days);
    if (rows.ok) attachments.csv = questionsCsv(rows.value, CSV_MAX_BYTES);
    log.info({ user: invoker.id, command: 'stats', days }, 'stats shown');
    return statsReply(figures.value, attachments);
  },
};
