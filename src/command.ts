// What a command is: its slash-command definition beside a handler that turns parsed options into a reply model.
// Discord, the console and the CLI all call the same handlers.
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { Library } from './library.js';
import type { Logger } from './log.js';
import type { Reply } from './replies/reply.js';

export type OptionValue = string | number | boolean;
export type Options = Record<string, OptionValue | undefined>;

/** Who runs a command, as each front door knows it. */
export interface Invoker {
  id: string;
  /** Inside a server (not a DM). */
  inGuild: boolean;
  /** Holds Discord's Manage Server permission (the console's user does: it is the owner's terminal). */
  canManageServer: boolean;
  roleIds: readonly string[];
}

export interface CommandContext {
  library: Library;
  invoker: Invoker;
  log: Logger;
  /** Role ids that may run moderator commands besides members with Manage Server. */
  moderatorRoleIds: readonly string[];
  /** Called after a successful reload, so other shards can reload too. */
  onReloaded?: () => void;
}

/** One autocomplete choice: the text shown, and the value the option takes. */
export interface Choice {
  name: string;
  value: string;
}

export interface Command {
  definition: { name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  /** May take long (a reload): the Discord router defers before running it. */
  slow?: boolean;
  run(options: Options, context: CommandContext): Promise<Reply> | Reply;
  /** Choices for the option being typed, when its definition asks for autocomplete. */
  autocomplete?(option: string, typed: string, context: Pick<CommandContext, 'library'>): Choice[];
}
