// The reply model: what every front door shows, built once by a command and rendered for Discord, text or JSON.

export interface Card {
  title: string;
  url?: string;
  /** Shown as the card's date line (YYYY-MM-DD). */
  date?: string;
  /** Markdown, already escaped where it quotes someone else's text. */
  body: string;
}

export interface Reply {
  /** Markdown shown above the cards. */
  text: string;
  cards: Card[];
  footer?: string;
  /** Only the person who asked sees it (Discord's ephemeral flag). */
  private: boolean;
  /** An error or a refusal, as opposed to an answer. */
  isError?: boolean;
  /** Buttons under the reply, in order (the Discord renderer lays them out in rows). */
  buttons?: ReplyButton[];
  /** Files sent with the reply: a chart, a CSV. */
  files?: ReplyFile[];
}

/** A button: pressing it sends its id back, and the router hands the press to the handler named by the id's prefix. */
export interface ReplyButton {
  /** Discord's custom_id, `prefix:…`, at most 100 characters (see commands/ for each prefix). */
  id: string;
  label?: string;
  emoji?: string;
}

export interface ReplyFile {
  name: string;
  data: Uint8Array;
  /** Alt text. */
  description?: string;
}

export function errorReply(text: string): Reply {
  return { text, cards: [], private: true, isError: true };
}
