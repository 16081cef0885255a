// What a command is: its slash-command definition beside a handler that turns parsed options into a reply model.
// Discord, the console and the CLI all call the same handlers.
import type {
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord.js';
import type { Library } from './library.js';
import type { Logger } from './log.js';
import type { Reply } from './replies/reply.js';
import type { SourceKind } from './store/asked.js';
import type { QuestionLog } from './store/questions.js';

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
  /** The name other members see (a server nickname, else the display name), for "asked by". */
  name?: string;
}

export interface CommandContext {
  library: Library;
  invoker: Invoker;
  log: Logger;
  /** Role ids that may run moderator commands besides members with Manage Server. */
  moderatorRoleIds: readonly string[];
  /** Called after a successful reload, so other shards can reload too. */
  onReloaded?: () => void;
  /** The blog's name (BLOG_NAME), shown on the cards of a reply. */
  blogName?: string;
  /** The question log, where the front door keeps one (Discord); absent in the console and the CLI. */
  questions?: QuestionsHere;
}

/** The question log as one front door sees it: where the question being answered came from. */
export interface QuestionsHere {
  log: QuestionLog;
  source: SourceKind;
  /** null in DMs. */
  guildId: string | null;
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

/**
 * A message command (right-click a message, then Apps): run with the target message's text as `options.message`.
 * Registered beside the slash commands; the console has no messages to right-click.
 */
export interface MessageCommand {
  definition: { name: string; toJSON(): RESTPostAPIContextMenuApplicationCommandsJSONBody };
  slow?: boolean;
  run(options: Options, context: CommandContext): Promise<Reply> | Reply;
}

/** What a button does when pressed: the router hands it the presses whose custom_id starts with `prefix:`. */
export interface ButtonHandler {
  prefix: string;
  /** Runs a search (More results, Share in channel): counts against the member's cooldown like a command. */
  searches?: boolean;
  /**
   * `args`: the custom_id's parts after the prefix (`fb:up:ID` → ['up', 'ID']). The result is a reply, sent as a new
   * message, or a request to delete the message the button is on.
   */
  run(args: string[], context: CommandContext): Promise<ButtonResult> | ButtonResult;
}

export type ButtonResult = Reply | { deleteMessage: true };
