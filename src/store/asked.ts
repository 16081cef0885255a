// What the question log keeps of a question: as the bot asks it to be recorded, and as read back with its votes (a
// line of the CSV). Types only and no imports, so that both the log's interface and its statistics can use them.

/** Where a question came from. */
export const SOURCE_KINDS = ['slash', 'mention', 'dm', 'message_command', 'forum_thread'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** A question as the log keeps it (the time and the id are added when it is recorded). */
export interface AskedQuestion {
  source: SourceKind;
  /** null in DMs. */
  guildId: string | null;
  question: string;
  keywords: string[];
  /** The best post's slug; null when the bot abstained. */
  topSlug: string | null;
  confidence: number | null;
  abstained: boolean;
  results: number;
  tookMs: number;
}

/** One logged question with its votes: a line of the CSV. */
export interface QuestionRow extends Omit<AskedQuestion, 'source'> {
  /** ISO 8601, UTC. */
  askedAt: string;
  /** As stored: a log written by another version may hold a kind this one does not know. */
  source: string;
  up: number;
  down: number;
}
