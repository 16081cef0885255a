// Who counts as a moderator: Manage Server, or one of the roles the owner listed in MODERATOR_ROLE_IDS.
import type { Invoker } from './command.js';

export function isModerator(invoker: Invoker, moderatorRoleIds: readonly string[]): boolean {
  return (
    invoker.inGuild && (invoker.canManageServer || invoker.roleIds.some((role) => moderatorRoleIds.includes(role)))
  );
}
