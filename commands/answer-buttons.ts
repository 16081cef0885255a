// The buttons under an answer, in the order they show: 📖 Read the post (a link), More results, Share in channel (on
// a private answer) or 🗑️ Delete (on a public one, with or without a confident answer), then 👍/👎; and the
// custom_id of each. Their handlers are
// more.ts, share.ts, delete.ts and feedback.ts, which read the ids written here.
import type { Answer } from '../src/answer.js';
import { questionState } from '../src/button-state.js';
import type { ReplyButton } from '../src/replies/reply.js';
import { feedbackButtons } from './feedback.js';

export const MORE = 'more';
export const SHARE = 'share';
export const DELETE = 'del';

/** `more:<page size>:<shown so far>:<p|u>:<question state>` (src/button-state.ts). */
export function moreButton(question: string, pageSize: number, shown: number, isPrivate: boolean): ReplyButton {
  const head = `${MORE}:${pageSize}:${shown}:${isPrivate ? 'p' : 'u'}:`;
  return { id: `${head}${questionState(question, 100 - head.length)}`, label: 'More results', emoji: '➕' };
}

/** `share:<page size>:<offset>:<question state>`. */
export function shareButton(question: string, pageSize: number, offset: number): ReplyButton {
  const head = `${SHARE}:${pageSize}:${offset}:`;
  return { id: `${head}${questionState(question, 100 - head.length)}`, label: 'Share in channel', emoji: '📣' };
}

/** `del:<asker id>:<seconds since 1970, base 36>`: who may delete, and since when. */
export function deleteButton(askerId: string, now = Date.now()): ReplyButton {
  return {
    id: `${DELETE}:${askerId}:${Math.floor(now / 1000).toString(36)}`,
    label: 'Delete',
    emoji: '🗑️',
    danger: true,
  };
}

export interface AnswerButtonOptions {
  private: boolean;
  /** Who asked (or shared): only they may delete a public answer. */
  askerId: string;
  /** The page size asked for (results:1-5). */
  pageSize: number;
  /** How many results came before this page (More results). */
  offset?: number;
  /** The question log's id of the question, for 👍/👎. */
  questionId?: string;
}

export function answerButtons(answer: Answer, options: AnswerButtonOptions): ReplyButton[] {
  const best = answer.results[0];
  // "Not sure" or "no good match": nothing to page through or rate, but a public one is the asker's to take back.
  if (!best) return options.private || answer.keywords.length === 0 ? [] : [deleteButton(options.askerId)];
  const buttons: ReplyButton[] = [{ url: best.url, label: 'Read the post', emoji: '📖' }];
  const shown = (options.offset ?? 0) + answer.results.length;
  // A page that came back full may have a next one; a short page was the last.
  if (answer.results.length >= options.pageSize)
    buttons.push(moreButton(answer.query, options.pageSize, shown, options.private));
  buttons.push(
    options.private ? shareButton(answer.query, options.pageSize, options.offset ?? 0) : deleteButton(options.askerId),
  );
  if (options.questionId) buttons.push(...feedbackButtons(options.questionId));
  return buttons;
}
