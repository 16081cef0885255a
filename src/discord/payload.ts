// Adapts the rendered reply to what discord.js methods take.
import { MessageFlags, type AttachmentPayload, type InteractionReplyOptions, type MessageCreateOptions, type MessageReplyOptions } from 'discord.js';
import { toDiscord, type DiscordPayload } from '../replies/render.js';
import type { Reply } from '../replies/reply.js';

export function interactionPayload(reply: Reply): InteractionReplyOptions {
  const rendered = toDiscord(reply);
  const { content, embeds, allowedMentions, flags } = rendered;
  return { content, embeds, allowedMentions, ...(flags ? { flags: MessageFlags.Ephemeral } : {}), ...extras(rendered) };
}

export function messagePayload(reply: Reply): MessageReplyOptions {
  const rendered = toDiscord(reply);
  const { content, embeds } = rendered;
  // A reply to a message must not ping anyone, not even its author.
  return { content, embeds, allowedMentions: { parse: [], repliedUser: false }, ...extras(rendered) };
}

/** A message the bot posts on its own (an announcement, a refresh report): never ephemeral; pings only its roles. */
export function channelPayload(reply: Reply): MessageCreateOptions {
  const rendered = toDiscord(reply);
  const { content, embeds, allowedMentions } = rendered;
  return { content, embeds, allowedMentions, ...extras(rendered) };
}

/** Buttons and files, only when the reply has them (discord.js then sends the files as multipart attachments). */
function extras({ components, files }: DiscordPayload): Pick<InteractionReplyOptions, 'components' | 'files'> {
  return {
    ...(components ? { components } : {}),
    ...(files ? { files: files.map((file): AttachmentPayload => ({ attachment: Buffer.from(file.data), name: file.name, ...(file.description ? { description: file.description } : {}) })) } : {}),
  };
}
