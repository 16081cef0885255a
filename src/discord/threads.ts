// Forum auto-reply: a new thread in one of FORUM_CHANNEL_IDS is answered inside the thread, from its title (and its
// starter message when the owner turned on the Message Content intent, MESSAGE_CONTENT=true). With no good match the
// bot stays silent: a forum post is not a question to the bot until the bot has something to say.
import type { AnyThreadChannel, Client } from 'discord.js';
import { ask } from '../../commands/ask.js';
import { runCommand } from '../run-command.js';
import { channelPayload } from './payload.js';
import { commandContext, type BotDeps } from './router.js';

/** The question read from a thread takes at most this many characters (as /ask). */
const QUESTION_CHARS = 500;
/** A thread event without Discord's `newly_created` still counts as new when the thread is younger than this. */
const NEW_THREAD_MS = 60_000;
/** Threads answered lately, so a repeated THREAD_CREATE (a resume, being added to it) is not answered twice. */
const REMEMBERED_THREADS = 1000;

export function answerForumThreads(client: Client, deps: BotDeps): void {
  const forums = new Set(deps.forumChannelIds ?? []);
  const answered = new Set<string>();
  client.on('threadCreate', (thread, newlyCreated) => {
    if (
      !thread.parentId ||
      !forums.has(thread.parentId) ||
      thread.ownerId === client.user?.id ||
      answered.has(thread.id)
    )
      return;
    if (!newlyCreated && Date.now() - (thread.createdTimestamp ?? 0) > NEW_THREAD_MS) return;
    answered.add(thread.id);
    if (answered.size > REMEMBERED_THREADS) answered.delete(answered.values().next().value!);
    deps.work.run(() => answerThread(thread, deps));
  });
}

async function answerThread(thread: AnyThreadChannel, deps: BotDeps): Promise<void> {
  try {
    const starter = deps.messageContent ? await starterText(thread, deps) : '';
    const question = `${thread.name} ${starter}`.replace(/\s+/g, ' ').trim().slice(0, QUESTION_CHARS);
    const invoker = { id: thread.ownerId ?? '', inGuild: true, canManageServer: false, roleIds: [] };
    const reply = await runCommand(
      ask,
      { question },
      { ...commandContext(deps, invoker, 'forum_thread', thread.guildId), moderatorRoleIds: [] },
    );
    const answered = reply.source?.kind === 'answer' && reply.source.answer.results.length > 0;
    if (!answered) {
      deps.log.debug({ thread: thread.id }, 'forum thread: no good match, staying silent');
      return;
    }
    await thread.send(channelPayload({ ...reply, private: false }));
  } catch (error) {
    deps.log.error({ err: error, thread: thread.id }, 'could not answer a forum thread');
  } finally {
    deps.questions?.flush();
  }
}

/** The thread's first message (its id is the thread's), or '' when it cannot be read yet. */
async function starterText(thread: AnyThreadChannel, deps: BotDeps): Promise<string> {
  try {
    const message = await thread.fetchStarterMessage();
    return message?.content ?? '';
  } catch (error) {
    // The starter message can lag the thread by a moment; the title alone is still a question.
    deps.log.debug({ err: error, thread: thread.id }, 'forum thread: starter message not readable');
    return '';
  }
}
