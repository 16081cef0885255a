// Who is asking, read from a discord.js interaction or message in the terms the commands understand.
import {
  GuildMember,
  PermissionFlagsBits,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Message,
  type MessageContextMenuCommandInteraction,
} from 'discord.js';
import type { Invoker } from '../command.js';

export function invokerOfInteraction(
  interaction: ChatInputCommandInteraction | MessageContextMenuCommandInteraction | ButtonInteraction,
): Invoker {
  const member = interaction.member;
  const roleIds =
    member instanceof GuildMember ? [...member.roles.cache.keys()] : Array.isArray(member?.roles) ? member.roles : [];
  return {
    id: interaction.user.id,
    inGuild: interaction.inGuild(),
    // Built from the permissions Discord sends with the interaction, not from a cache that could be stale.
    canManageServer: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
    roleIds,
    name:
      member instanceof GuildMember
        ? member.displayName
        : (member && 'nick' in member && member.nick) || interaction.user.displayName,
  };
}

export function invokerOfMessage(message: Message): Invoker {
  return {
    id: message.author.id,
    inGuild: message.inGuild(),
    canManageServer: false,
    roleIds: [],
    name: message.member?.displayName ?? message.author.displayName,
  };
}
