// 🗑️ Delete under a public answer: the member who asked may remove it within 5 minutes. The custom_id carries who
// asked and when (answer-buttons.ts), so it works after a restart.
import type { ButtonHandler } from '../src/command.js';
import { errorReply } from '../src/replies/reply.js';
import { DELETE } from './answer-buttons.js';

export const DELETE_WINDOW_MS = 5 * 60 * 1000;

export const deleteAnswer: ButtonHandler = {
  prefix: DELETE,

  run([askerId, sentAt], { invoker }) {
    const sentMs = Number.parseInt(sentAt ?? '', 36) * 1000;
    if (!askerId || !Number.isFinite(sentMs)) return errorReply('This button no longer works.');
    if (invoker.id !== askerId) return errorReply('Only the member who asked can delete this answer.');
    if (Date.now() - sentMs > DELETE_WINDOW_MS)
      return errorReply('This answer can no longer be deleted: that is possible for 5 minutes only.');
    return { deleteMessage: true };
  },
};
