// Adapts the rendered reply to what discord.js methods take.
import {
  MessageFlags,
  type AttachmentPayload,
  type InteractionEditReplyOptions,
  type InteractionReplyOptions,
  type MessageCreateOptions,
  type MessageReplyOptions,
} from 'discord.js';
import { toDiscord, type DiscordPayload } from '../replies/render.js';
import type { Reply } from '../replies/reply.js';

export function interactionPayload(reply: Reply): InteractionReplyOptions {
  const rendered = toDiscord(reply);
  const { content, embeds, allowedMentions } = rendered;
  return { content, embeds, allowedMentions, ...flagsOf(rendered, true), ...extras(rendered) };
}

/** An edit of a deferred reply: who sees it was settled by the deferral, so only the suppress-embeds flag is sent. */
export function editPayload(reply: Reply): InteractionEditReplyOptions {
  const rendered = toDiscord(reply);
  const { content, embeds, allowedMentions } = rendered;
  return { content, embeds, allowedMentions, ...flagsOf(rendered, false), ...extras(rendered) };
}

export function messagePayload(reply: Reply): MessageReplyOptions {
  const rendered = toDiscord(reply);
  const { content, embeds } = rendered;
  // A reply to a message must not ping anyone, not even its author.
  return {
    content,
    embeds,
    allowedMentions: { parse: [], repliedUser: false },
    ...flagsOf(rendered, false),
    ...extras(rendered),
  };
}

/**
 * A new message in a channel or thread (not a reply; an announcement, a refresh report): pings nobody, except the
 * roles the reply names (an announcement's ANNOUNCE_ROLE_ID).
 */
export function channelPayload(reply: Reply): MessageCreateOptions {
  const rendered = toDiscord(reply);
  const { content, embeds } = rendered;
  const roles = rendered.allowedMentions.roles;
  return {
    content,
    embeds,
    allowedMentions: { parse: [], ...(roles && { roles }) },
    ...flagsOf(rendered, false),
    ...extras(rendered),
  };
}

function flagsOf({ flags = 0 }: DiscordPayload, ephemeralAllowed: boolean): { flags?: number } {
  const kept =
    (ephemeralAllowed && flags & MessageFlags.Ephemeral ? MessageFlags.Ephemeral : 0) |
    (flags & MessageFlags.SuppressEmbeds ? MessageFlags.SuppressEmbeds : 0);
  return kept ? { flags: kept } : {};
}

/** Buttons and files, only when the reply has them (discord.js then sends the files as multipart attachments). */
function extras({ components, files }: DiscordPayload): Pick<InteractionReplyOptions, 'components' | 'files'> {
  return {
    ...(components ? { components } : {}),
    ...(files
      ? {
          files: files.map(
            (file): AttachmentPayload => ({
              attachment: Buffer.from(file.data),
              name: file.name,
              ...(file.description ? { description: file.description } : {}),
            }),
          ),
        }
      : {}),
  };
}
