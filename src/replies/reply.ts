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
}

export function errorReply(text: string): Reply {
  return { text, cards: [], private: true, isError: true };
}
