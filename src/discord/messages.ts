// Free text: a message that mentions the bot, or a DM, is answered like /ask — never a bot's, never a ping.
import type { Client, ClientUser, Message } from 'discord.js';
import { ask } from '../../commands/ask.js';
import { runCommand } from '../run-command.js';
import { invokerOfMessage } from './invoker.js';
import { messagePayload } from './payload.js';
import { commandContext, type BotDeps } from './router.js';

export const MENTION_HINT =
  'Ask me a question about the blog, for example: “why should post-mortems be blameless?” — or type /help.';

export function listenToMessages(client: Client, deps: BotDeps): void {
  client.on('messageCreate', (message: Message) => {
    const me = client.user;
    if (!me || message.author.bot || message.webhookId || message.system) return;
    const isDirect = !message.inGuild();
    if (!isDirect && !addressesTheBot(message, me)) return;
    if (!isDirect && !inAskChannel(message, deps.askChannelIds ?? [])) return;
    deps.work.run(() => answer(message, me.id, deps));
  });
}

/** With ASK_CHANNEL_IDS set, free text is answered only in those channels and in threads under them. */
function inAskChannel(message: Message, askChannelIds: readonly string[]): boolean {
  if (askChannelIds.length === 0) return true;
  const parentId = message.channel.isThread() ? message.channel.parentId : null;
  return askChannelIds.includes(message.channelId) || (parentId !== null && askChannelIds.includes(parentId));
}

/**
 * A message is for the bot when its text mentions the bot or the bot's own (managed) role. A reply to one of the
 * bot's messages with "ping" on is not a question by itself: Discord lists the replied-to author among the
 * mentions, so that mention is ignored unless the text names the bot too. @everyone is never a question.
 */
export function addressesTheBot(message: Message, me: ClientUser): boolean {
  if (message.mentions.has(me, { ignoreEveryone: true, ignoreRepliedUser: true, ignoreRoles: true })) return true;
  return message.mentions.roles.some(
    (role) =>
      role.tags?.botId === me.id || (role.managed && message.guild?.members.me?.roles.cache.has(role.id) === true),
  );
}

async function answer(message: Message, botId: string, deps: BotDeps): Promise<void> {
  // In a busy channel a member over the cooldown is ignored: telling them would be the spam it prevents.
  if (deps.limiter.take(message.author.id) > 0) {
    deps.log.debug({ user: message.author.id }, 'free text over the cooldown, ignored');
    return;
  }
  const ownRoles = message.mentions.roles
    .filter((role) => role.tags?.botId === botId || role.managed)
    .map((role) => role.id);
  const question = message.content
    .replace(new RegExp(`<@!?${botId}>|<@&(${ownRoles.join('|') || '-'})>`, 'g'), ' ')
    .trim();
  try {
    if (question === '') {
      await message.reply({ content: MENTION_HINT, allowedMentions: { parse: [], repliedUser: false } });
      return;
    }
    const context = {
      ...commandContext(deps, invokerOfMessage(message), message.inGuild() ? 'mention' : 'dm', message.guildId),
      moderatorRoleIds: [],
    };
    const reply = await runCommand(ask, { question }, context);
    await message.reply(messagePayload({ ...reply, private: false }));
  } catch (error) {
    deps.log.error({ err: error, user: message.author.id, channel: message.channelId }, 'could not answer a message');
  } finally {
    // Written once the answer is out: the log never delays a reply.
    deps.questions?.flush();
  }
}
