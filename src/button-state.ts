// What a button under an answer needs to redo its work (the question asked), carried in Discord's custom_id when it
// fits — so the button keeps working after a restart — or else kept here for a while under a short key. A key that
// is gone (expired, or the bot restarted) reads as undefined: the handler then says the answer is too old.
import { randomBytes } from 'node:crypto';

/** How long a question too long for a custom_id is remembered. */
export const STATE_TTL_MS = 30 * 60 * 1000;
/** At most this many remembered questions; the oldest go first. */
const MAX_ENTRIES = 5000;

const remembered = new Map<string, { question: string; expires: number }>();

/**
 * The question as it goes in a custom_id with `room` characters left: `=question` when it fits, else `~key`.
 * `now` is for tests.
 */
export function questionState(question: string, room: number, now = Date.now()): string {
  if (question.length + 1 <= room) return `=${question}`;
  const key = randomBytes(6).toString('base64url');
  remembered.set(key, { question, expires: now + STATE_TTL_MS });
  if (remembered.size > MAX_ENTRIES) remembered.delete(remembered.keys().next().value!);
  return `~${key}`;
}

/** The question a state holds; undefined when it was remembered and has been forgotten since. */
export function readQuestion(state: string, now = Date.now()): string | undefined {
  if (state.startsWith('=')) return state.slice(1);
  if (!state.startsWith('~')) return undefined;
  const entry = remembered.get(state.slice(1));
  if (!entry) return undefined;
  if (entry.expires <= now) {
    remembered.delete(state.slice(1));
    return undefined;
  }
  return entry.question;
}

/** Forgets every remembered question, as a restart does. */
export function forgetAll(): void {
  remembered.clear();
}
