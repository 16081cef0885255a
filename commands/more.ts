// More results: the next page of the same question, shown with the same privacy as the answer it is under. The
// custom_id is written by answer-buttons.ts.
import type { ButtonHandler } from '../src/command.js';
import { readQuestion } from '../src/button-state.js';
import { answerReply } from '../src/replies/build.js';
import { errorReply } from '../src/replies/reply.js';
import { answerButtons, MORE } from './answer-buttons.js';

/** Past this many results a question has no further page. */
const MAX_RESULTS = 25;
export const TOO_OLD = 'This answer is too old: ask again.';

export const more: ButtonHandler = {
  prefix: MORE,
  searches: true,

  run([size, shown, privacy, ...rest], { library, invoker }) {
    const pageSize = Number(size);
    const offset = Number(shown);
    const question = readQuestion(rest.join(':'));
    if (question === undefined) return errorReply(TOO_OLD);
    if (!(pageSize >= 1 && pageSize <= 5) || !(offset >= 0) || offset >= MAX_RESULTS)
      return errorReply('This button no longer works: ask the question again.');
    const isPrivate = privacy === 'p';
    const whole = library.ask(question, offset + pageSize);
    const page = { ...whole, results: whole.results.slice(offset) };
    if (page.results.length === 0) return { text: ['No more results for this question.'], cards: [], private: true };
    const reply = answerReply(page, { private: isPrivate });
    return {
      ...reply,
      text: [`More matches (${offset + 1}–${offset + page.results.length}):`],
      buttons: answerButtons(page, { private: isPrivate, askerId: invoker.id, pageSize, offset }),
    };
  },
};
