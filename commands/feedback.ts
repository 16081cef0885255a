// 👍/👎 under an answer: the buttons (their custom_id, `fb:up:<question id>`) beside the handler that stores the
// member's vote in the question log. A member votes once per answer and can change the vote; the thanks are private.
import type { ButtonHandler } from '../src/command.js';
import { errorReply, type ActionButton } from '../src/replies/reply.js';

const PREFIX = 'fb';

/** The buttons for an answer that the question log holds as `questionId`. */
export function feedbackButtons(questionId: string): ActionButton[] {
  return [
    { id: `${PREFIX}:up:${questionId}`, emoji: '👍', label: 'Helpful' },
    { id: `${PREFIX}:down:${questionId}`, emoji: '👎', label: 'Not helpful' },
  ];
}

export const feedback: ButtonHandler = {
  prefix: PREFIX,

  async run([vote, questionId], { invoker, questions }) {
    if ((vote !== 'up' && vote !== 'down') || !questionId)
      return errorReply('This button no longer works: ask the question again.');
    // Stored or not (the log may be off or failing: that is logged once, for the owner), the member is thanked.
    await questions?.log.vote(questionId, invoker.id, vote);
    return { text: [`Thanks for the feedback ${vote === 'up' ? '👍' : '👎'}`], cards: [], private: true };
  },
};
