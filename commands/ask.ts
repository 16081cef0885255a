// /ask: the best-matching excerpts from the blog for a question.
import { SlashCommandBuilder } from '@discordjs/builders';
import { ApplicationIntegrationType, InteractionContextType } from 'discord-api-types/v10';
import type { Command, CommandContext } from '../src/command.js';
import { questionState, readQuestion } from '../src/button-state.js';
import { answerReply, notLoadedReply, postReply } from '../src/replies/build.js';
import { errorReply, type Reply } from '../src/replies/reply.js';
import { truncate } from '../src/text/truncate.js';
import { askedQuestion } from '../src/store/questions.js';
import { answerButtons } from './answer-buttons.js';

export const ask: Command = {
  definition: new SlashCommandBuilder()
    // Installable by a member too, and usable in DMs and other servers.
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall)
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel)
    .setName('ask')
    .setDescription('Ask the blog a question: get the best-matching excerpts with links')
    .addStringOption((option) =>
      option
        .setName('question')
        .setDescription('Your question or a few keywords')
        .setRequired(true)
        .setMaxLength(500)
        .setAutocomplete(true),
    )
    .addIntegerOption((option) =>
      option.setName('results').setDescription('How many posts to show (1-5, default 3)').setMinValue(1).setMaxValue(5),
    )
    .addBooleanOption((option) => option.setName('private').setDescription('Only you see the answer'))
    .addUserOption((option) =>
      option.setName('for').setDescription('Suggest the answer to a member: it pings them, and only them'),
    ),

  run(options, context) {
    const { library, questions, invoker } = context;
    if (!library.loaded) return notLoadedReply();
    const question = String(options.question ?? '');
    const results = clamp(Number(options.results ?? 3), 1, 5);
    const picked = readPick(question);
    if (picked) return answerFromPickedPost(picked, options.private === true, context);
    const answer = library.ask(question, results);
    // An answer suggested for a member is public, since they must see it; with no answer, nobody is pinged and the
    // asker alone hears so.
    const forMember = typeof options.for === 'string' && options.for !== '' ? options.for : undefined;
    const suggesting = forMember !== undefined && answer.results.length > 0;
    const isPrivate = !suggesting && (options.private === true || forMember !== undefined);
    const built = answerReply(answer, { private: isPrivate });
    const reply = suggesting ? { ...built, suggestedFor: forMember } : built;
    // Queued only: the front door writes the log once the reply is sent.
    const questionId = questions?.log.record(askedQuestion(answer, questions.source, questions.guildId));
    const buttons = answerButtons(answer, {
      private: isPrivate,
      askerId: invoker.id,
      pageSize: results,
      ...(questionId ? { questionId } : {}),
    });
    return buttons.length > 0 ? { ...reply, buttons } : reply;
  },

  // As a member types, the titles of matching posts; what they typed stays first, so Enter still asks it. On empty
  // input, the newest titles. A title's value carries the post and the question typed: choosing it answers that
  // question from that post (the question is not replaced by the title).
  autocomplete(_option, typed, { library }) {
    const text = typed.trim();
    const posts = text === '' ? library.latest(CHOICES) : library.suggestTitles(text, CHOICES);
    const choices = text === '' ? [] : [{ name: truncate(text, CHOICE_CHARS), value: truncate(text, CHOICE_CHARS) }];
    for (const post of posts) {
      if (choices.length >= CHOICES) break;
      const name = truncate(post.title, CHOICE_CHARS);
      if (!choices.some((choice) => choice.name === name)) choices.push({ name, value: pickValue(post.slug, text) });
    }
    return choices;
  },
};

/** A chosen title's value: `pick:` and the post's slug with the question typed (src/button-state.ts). */
const PICK = 'pick:';

function pickValue(slug: string, typed: string): string {
  return `${PICK}${questionState(`${slug}|${typed}`, CHOICE_CHARS - PICK.length)}`;
}

/** The post and question a chosen title carries; 'expired' once forgotten; undefined for a question typed. */
function readPick(value: string): { slug: string; question: string } | 'expired' | undefined {
  if (!value.startsWith(PICK)) return undefined;
  const state = readQuestion(value.slice(PICK.length));
  if (state === undefined) return 'expired';
  const bar = state.indexOf('|');
  return bar < 0 ? 'expired' : { slug: state.slice(0, bar), question: state.slice(bar + 1) };
}

/**
 * The question answered from the post a member chose among the suggestions: that post's best excerpt when the
 * search finds it, else the post's card under the question; with nothing typed, the post's card.
 */
function answerFromPickedPost(
  picked: { slug: string; question: string } | 'expired',
  isPrivate: boolean,
  { library, questions, invoker }: CommandContext,
): Reply {
  if (picked === 'expired') return errorReply('That suggestion is too old: type your question again.');
  const post = library.findPost(picked.slug);
  if (!post || post.slug !== picked.slug)
    return errorReply('That post is no longer on the blog: type your question again.');
  if (picked.question.trim() === '') return { ...postReply(post, picked.slug), private: isPrivate };
  const whole = library.ask(picked.question, PICKED_SEARCH_DEPTH);
  const found = whole.results.find((result) => result.slug === picked.slug);
  const answer = { ...whole, results: found ? [found] : [] };
  const questionId = questions?.log.record(askedQuestion(answer, questions.source, questions.guildId));
  if (found) {
    const buttons = answerButtons(answer, {
      private: isPrivate,
      askerId: invoker.id,
      pageSize: 1,
      ...(questionId ? { questionId } : {}),
    });
    return {
      ...answerReply(answer, { private: isPrivate }),
      buttons: buttons.filter((button) => 'url' in button || !button.id.startsWith('more:')),
    };
  }
  // The post chosen does not answer the question well: its beginning, under the question, says so honestly.
  const card = postReply(post, picked.slug);
  return {
    ...card,
    ...(isPrivate ? {} : { question: { text: answer.query } }),
    text: ['The post you chose, from its beginning (it has no passage that matches your question well):'],
    private: isPrivate,
  };
}

/** How deep the results are searched for the post a member chose. */
const PICKED_SEARCH_DEPTH = 10;

/** Discord shows at most 25 choices, each name and value at most 100 characters. */
const CHOICES = 10;
const CHOICE_CHARS = 100;

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, Math.trunc(value))) : min;
}
