// The one interaction router: finds the command, checks the cooldown, runs it and answers within Discord's 3 seconds.
import {
  MessageFlags,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Client,
  type Interaction,
  type MessageContextMenuCommandInteraction,
} from 'discord.js';
import { findButton, findCommand, findMessageCommand } from '../../commands/index.js';
import type { Command, CommandContext, Invoker, MessageCommand, Options } from '../command.js';
import type { Library } from '../library.js';
import type { Logger } from '../log.js';
import type { RateLimiter } from '../rate-limit.js';
import { errorReply } from '../replies/reply.js';
import { runCommand } from '../run-command.js';
import type { SourceKind } from '../store/asked.js';
import type { QuestionLog } from '../store/questions.js';
import { invokerOfInteraction } from './invoker.js';
import { editPayload, interactionPayload } from './payload.js';
import type { WorkTracker } from './work.js';

export interface BotDeps {
  library: Library;
  log: Logger;
  limiter: RateLimiter;
  work: WorkTracker;
  moderatorRoleIds: readonly string[];
  onReloaded?: () => void;
  /** Where the questions answered are logged (absent: nothing is). */
  questions?: QuestionLog;
  /** BLOG_NAME: the author line of every card. */
  blogName?: string;
  /** FORUM_CHANNEL_IDS: forums whose new threads are answered. */
  forumChannelIds?: readonly string[];
  /** ASK_CHANNEL_IDS: when not empty, the only channels where free text is answered. */
  askChannelIds?: readonly string[];
  /** MESSAGE_CONTENT: a forum thread's starter message can be read. */
  messageContent?: boolean;
  /**
   * How long a command may work before its reply is deferred, so that Discord's 3-second window is never missed
   * (default DEFER_AFTER_MS). 0 defers every reply before the command runs, as a slow command's is.
   */
  deferAfterMs?: number;
}

/** What a command handler gets, for a question from `source` asked by `invoker`. */
export function commandContext(
  deps: BotDeps,
  invoker: Invoker,
  source: SourceKind,
  guildId: string | null,
): CommandContext {
  return {
    library: deps.library,
    invoker,
    log: deps.log,
    moderatorRoleIds: deps.moderatorRoleIds,
    ...(deps.onReloaded ? { onReloaded: deps.onReloaded } : {}),
    ...(deps.blogName ? { blogName: deps.blogName } : {}),
    ...(deps.questions ? { questions: { log: deps.questions, source, guildId } } : {}),
  };
}

/** Past this, a command that is still working is deferred so Discord's 3-second window is never missed. */
const DEFER_AFTER_MS = 1500;

export function routeInteractions(client: Client, deps: BotDeps): void {
  client.on('interactionCreate', (interaction: Interaction) => {
    if (interaction.isAutocomplete()) deps.work.run(() => suggest(interaction, deps));
    else if (interaction.isChatInputCommand() || interaction.isMessageContextMenuCommand())
      deps.work.run(() => handle(interaction, deps));
    else if (interaction.isButton()) deps.work.run(() => press(interaction, deps));
  });
}

async function handle(
  interaction: ChatInputCommandInteraction | MessageContextMenuCommandInteraction,
  deps: BotDeps,
): Promise<void> {
  const { log } = deps;
  const isMessageCommand = interaction.isMessageContextMenuCommand();
  const command = isMessageCommand ? findMessageCommand(interaction.commandName) : findCommand(interaction.commandName);
  try {
    if (!command) {
      await interaction.reply(
        interactionPayload(errorReply(`Unknown command /${interaction.commandName}: it may have been removed.`)),
      );
      return;
    }
    if (sharesTheCooldown(command)) {
      const waitMs = deps.limiter.take(interaction.user.id);
      if (waitMs > 0) {
        await interaction.reply(interactionPayload(slowDown(waitMs)));
        return;
      }
    }
    const context = commandContext(
      deps,
      invokerOfInteraction(interaction),
      isMessageCommand ? 'message_command' : 'slash',
      interaction.guildId,
    );
    const options = isMessageCommand
      ? { message: messageText(interaction) }
      : readOptions(interaction as ChatInputCommandInteraction);
    let deferral: Promise<unknown> | undefined;
    const defer = () => {
      if (!deferral) {
        // A deferred reply cannot change who sees it later: private for moderator work and private questions only.
        const ephemeral = command.slow === true || (options.private === true && options.for === undefined);
        deferral = interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
        // Awaited below, once the command is done; until then a failed defer must not be an unhandled rejection.
        deferral.catch(() => {});
      }
      return deferral;
    };
    const deferAfterMs = deps.deferAfterMs ?? DEFER_AFTER_MS;
    if (command.slow || deferAfterMs <= 0) void defer();
    const timer = setTimeout(defer, deferAfterMs);
    const reply = await runCommand(command, options, context);
    clearTimeout(timer);
    if (deferral) {
      await deferral;
      if (reply.suggestedFor && !reply.private) {
        // A mention added by editing a deferred reply notifies nobody: the suggestion goes in a new message.
        await interaction.followUp(interactionPayload(reply));
        await interaction
          .deleteReply()
          .catch((error: unknown) => log.debug({ err: error }, 'could not remove the deferred reply'));
      } else {
        await interaction.editReply(editPayload(reply));
      }
    } else {
      await interaction.reply(interactionPayload(reply));
    }
  } catch (error) {
    log.error(
      { err: error, command: interaction.commandName, user: interaction.user.id },
      'could not answer an interaction',
    );
    await sendErrorSafely(interaction, log);
  } finally {
    // The question is written once its answer is out: the log never delays a reply.
    deps.questions?.flush();
  }
}

/**
 * A button under a reply: its custom_id's prefix names the handler (commands/index.ts), whose reply is sent as a new
 * message.
 */
async function press(interaction: ButtonInteraction, deps: BotDeps): Promise<void> {
  const { log } = deps;
  const button = findButton(interaction.customId);
  try {
    if (!button) {
      await interaction.reply(interactionPayload(errorReply('This button no longer works: ask the question again.')));
      return;
    }
    if (button.searches) {
      const waitMs = deps.limiter.take(interaction.user.id);
      if (waitMs > 0) {
        await interaction.reply(interactionPayload(slowDown(waitMs)));
        return;
      }
    }
    const context = commandContext(deps, invokerOfInteraction(interaction), 'slash', interaction.guildId);
    const result = await button.run(interaction.customId.split(':').slice(1), context);
    if ('deleteMessage' in result) await deleteButtonMessage(interaction);
    else await interaction.reply(interactionPayload(result));
  } catch (error) {
    log.error({ err: error, button: interaction.customId, user: interaction.user.id }, 'could not answer a button');
    await sendErrorSafely(interaction, log);
  }
}

/**
 * Deletes the message a button is on, through the interaction's own webhook (which works wherever the app was
 * used, even where the bot is not a member); the channel's endpoint is the fallback.
 */
async function deleteButtonMessage(interaction: ButtonInteraction): Promise<void> {
  await interaction.deferUpdate();
  try {
    await interaction.deleteReply();
  } catch {
    await interaction.message.delete();
  }
}

async function suggest(interaction: AutocompleteInteraction, deps: BotDeps): Promise<void> {
  const command = findCommand(interaction.commandName);
  const focused = interaction.options.getFocused(true);
  try {
    const choices = command?.autocomplete?.(focused.name, String(focused.value), { library: deps.library }) ?? [];
    await interaction.respond(choices);
  } catch (error) {
    // A member who keeps typing makes older suggestions expire: worth a debug line, not an error.
    deps.log.debug({ err: error, command: interaction.commandName }, 'could not suggest');
  }
}

/**
 * Every public command counts against the member's one cooldown (ASK_RATE_LIMIT): /ask, /latest, /post, /help and
 * the message command alike. Moderator commands (those Discord hides behind a permission) do not.
 */
export function sharesTheCooldown(command: Command | MessageCommand): boolean {
  return command.definition.toJSON().default_member_permissions == null;
}

export function slowDown(waitMs: number) {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return errorReply(`Slow down: you can ask again in ${seconds} second${seconds === 1 ? '' : 's'}.`);
}

/**
 * The text of a message command's target: Discord sends the message in the interaction (data.resolved.messages)
 * with its content, Message Content intent or not. A message of embeds only is read from their titles and texts.
 */
function messageText(interaction: MessageContextMenuCommandInteraction): string {
  const message = interaction.targetMessage;
  const embedded = message.embeds.map((embed) => [embed.title, embed.description].filter(Boolean).join(' '));
  return [message.content, ...embedded].filter(Boolean).join(' ');
}

function readOptions(interaction: ChatInputCommandInteraction): Options {
  const options: Options = {};
  for (const option of interaction.options.data) {
    if (option.value !== undefined && option.value !== null) options[option.name] = option.value;
  }
  return options;
}

async function sendErrorSafely(
  interaction: ChatInputCommandInteraction | MessageContextMenuCommandInteraction | ButtonInteraction,
  log: Logger,
): Promise<void> {
  const payload = interactionPayload(
    errorReply('Sorry, something went wrong while answering. Please try again in a moment.'),
  );
  try {
    if (interaction.deferred || interaction.replied) await interaction.followUp(payload);
    else await interaction.reply(payload);
  } catch (error) {
    log.debug({ err: error }, 'could not send the error reply either');
  }
}
