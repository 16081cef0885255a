// Share in channel, under a private answer: posts the same answer for everyone, "asked by" the member, pinging
// nobody. The custom_id is written by answer-buttons.ts.
import type { ButtonHandler } from '../src/command.js';
import { readQuestion } from '../src/button-state.js';
import { answerReply } from '../src/replies/build.js';
import { errorReply } from '../src/replies/reply.js';
import { answerButtons, SHARE } from './answer-buttons.js';
import { TOO_OLD } from './more.js';

export const share: ButtonHandler = {
  prefix: SHARE,
  searches: true,

  run([size, from, ...rest], { library, invoker }) {
    const pageSize = Number(size);
    const offset = Number(from);
    const question = readQuestion(rest.join(':'));
    if (question === undefined) return errorReply(TOO_OLD);
    if (!(pageSize >= 1 && pageSize <= 5) || !(offset >= 0))
      return errorReply('This button no longer works: ask the question again.');
    const whole = library.ask(question, offset + pageSize);
    const answer = { ...whole, results: whole.results.slice(offset) };
    if (answer.results.length === 0) return errorReply('The blog no longer has an answer to this question: ask again.');
    const reply = answerReply(answer, { private: false });
    return {
      ...reply,
      question: { text: answer.query, ...(invoker.name ? { askedBy: invoker.name } : {}) },
      buttons: answerButtons(answer, { private: false, askerId: invoker.id, pageSize, offset }),
    };
  },
};
