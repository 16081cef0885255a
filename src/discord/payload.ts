// Adapts the rendered reply to what discord.js methods take.
import { MessageFlags, type InteractionReplyOptions, type MessageReplyOptions } from 'discord.js';
import { toDiscord } from '../replies/render.js';
import type { Reply } from '../replies/reply.js';

export function interactionPayload(reply: Reply): InteractionReplyOptions {
  const { content, embeds, allowedMentions, flags } = toDiscord(reply);
  return { content, embeds, allowedMentions, ...(flags ? { flags: MessageFlags.Ephemeral } : {}) };
}

export function messagePayload(reply: Reply): MessageReplyOptions {
  const { content, embeds } = toDiscord(reply);
  // A reply to a message must not ping anyone, not even its author.
  return { content, embeds, allowedMentions: { parse: [], repliedUser: false } };
}
