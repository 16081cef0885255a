// The reply model: what every front door shows, built once by a command (src/replies/build.ts) and rendered for
// Discord, text or JSON (src/replies/render.ts, json.ts). It holds plain text only, with each run marked by whose
// words it holds: escaping and highlighting happen in the renderers, for their medium.
import type { Answer, Excerpt, LatestPost } from '../answer.js';

/** A run of a reply's text. Lines are broken by '\n' inside runs. */
export type Inline =
  /** The bot's own words, in plain text. */
  | string
  /**
   * Someone else's words (a member's question, a post's title or summary, a file name): shown as written, never read as
   * Markdown, never a ping.
   */
  | { kind: 'user'; text: string }
  /** Passages quoted from a post, with the words that matched the question highlighted. */
  | { kind: 'quote'; excerpt: Excerpt }
  /** The bot's own words, stressed (a heading line). */
  | { kind: 'strong'; text: string }
  /** Something to type, such as a command. */
  | { kind: 'code'; text: string }
  /** A link to a post: the text is its title (someone else's words). */
  | { kind: 'link'; text: string; url: string };

export type RichText = readonly Inline[];

export const user = (text: string): Inline => ({ kind: 'user', text });
export const quote = (excerpt: Excerpt): Inline => ({ kind: 'quote', excerpt });
export const strong = (text: string): Inline => ({ kind: 'strong', text });
export const code = (text: string): Inline => ({ kind: 'code', text });
export const link = (text: string, url: string): Inline => ({ kind: 'link', text, url });

export interface Card {
  /** The post's title, in plain text. */
  title: string;
  url?: string;
  /** Shown as the card's date line (YYYY-MM-DD). */
  date?: string;
  body: RichText;
  /**
   * A post that may help but does not answer for sure: the words that say so beside the date (for example "not
   * sure"). Renderers show such a card muted.
   */
  uncertain?: string;
}

/** What a reply was built from, for a renderer that shows the data rather than the words (the CLI's JSON). */
export type ReplySource = { kind: 'answer'; answer: Answer } | { kind: 'latest'; posts: LatestPost[] };

export interface Reply {
  /** The question answered, quoted above a public answer so other members see what was asked (someone else's words). */
  question?: QuotedQuestion;
  /**
   * A member the answer is suggested for (/ask for:): the reply starts "Suggested for @member" and pings that member
   * only. The id is a Discord user id.
   */
  suggestedFor?: string;
  /** The blog's name, shown as each card's author line (the BLOG_NAME setting; added by runCommand). */
  blogName?: string;
  /** Shown above the cards. */
  text: RichText;
  cards: Card[];
  /** A note under the reply (the words searched for). */
  footer?: RichText;
  /** Only the person who asked sees it (Discord's ephemeral flag). */
  private: boolean;
  /** An error or a refusal, as opposed to an answer. */
  isError?: boolean;
  source?: ReplySource;
  /** Buttons under the reply, in order (the Discord renderer lays them out in rows). */
  buttons?: ReplyButton[];
  /** Files sent with the reply: a chart, a CSV. */
  files?: ReplyFile[];
  /** The roles this reply pings, mentioned in its text (an announcement's ANNOUNCE_ROLE_ID); nobody else, ever. */
  pingRoles?: string[];
}

export interface QuotedQuestion {
  text: string;
  /** The display name of who asked, when the answer is posted by someone else (shared, or suggested for a member). */
  askedBy?: string;
}

/**
 * A button. Pressing one with an `id` sends the id back, and the router hands the press to the handler named by the
 * id's prefix; one with a `url` is a link Discord opens itself (no id, nothing comes back).
 */
export type ReplyButton = ActionButton | LinkButton;

export interface ActionButton {
  /** Discord's custom_id, `prefix:…`, at most 100 characters (see commands/ for each prefix). */
  id: string;
  label?: string;
  emoji?: string;
  /** Red (a Delete button). */
  danger?: boolean;
}

export interface LinkButton {
  url: string;
  label: string;
  emoji?: string;
}

export interface ReplyFile {
  name: string;
  data: Uint8Array;
  /** Alt text. */
  description?: string;
}

export function errorReply(text: string | RichText): Reply {
  return { text: typeof text === 'string' ? [text] : text, cards: [], private: true, isError: true };
}
