// /ask: the best-matching excerpts from the blog for a question.
import { ApplicationIntegrationType, InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/command.js';
import { answerReply } from '../src/replies/build.js';
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
      option.setName('question').setDescription('Your question or a few keywords').setRequired(true).setMaxLength(500).setAutocomplete(true),
    )
    .addIntegerOption((option) =>
      option.setName('results').setDescription('How many posts to show (1-5, default 3)').setMinValue(1).setMaxValue(5),
    )
    .addBooleanOption((option) => option.setName('private').setDescription('Only you see the answer'))
    .addUserOption((option) => option.setName('for').setDescription('Suggest the answer to a member: it pings them, and only them')),

  run(options, { library, questions, invoker }) {
    const question = String(options.question ?? '');
    const results = clamp(Number(options.results ?? 3), 1, 5);
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
    const buttons = answerButtons(answer, { private: isPrivate, askerId: invoker.id, pageSize: results, ...(questionId ? { questionId } : {}) });
    return buttons.length > 0 ? { ...reply, buttons } : reply;
  },

  // As a member types, the titles of matching posts; what they typed stays first, so Enter still asks it.
  autocomplete(_option, typed, { library }) {
    const text = typed.trim();
    if (text === '') return [];
    const choices = [{ name: truncate(text, CHOICE_CHARS), value: truncate(text, CHOICE_CHARS) }];
    for (const post of library.suggestTitles(text, CHOICES)) {
      const title = truncate(post.title, CHOICE_CHARS);
      if (!choices.some((choice) => choice.value === title)) choices.push({ name: title, value: title });
    }
    return choices.slice(0, CHOICES);
  },
};



/** Discord shows at most 25 choices, each name and value at most 100 characters. */
const CHOICES = 10;
const CHOICE_CHARS = 100;

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, Math.trunc(value))) : min;
}
