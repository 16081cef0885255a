// /ask: the best-matching excerpts from the blog for a question.
import { SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/command.js';
import { answerReply } from '../src/replies/build.js';

export const ask: Command = {
  definition: new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Ask the blog a question: get the best-matching excerpts with links')
    .addStringOption((option) =>
      option.setName('question').setDescription('Your question or a few keywords').setRequired(true).setMaxLength(500),
    )
    .addIntegerOption((option) =>
      option.setName('results').setDescription('How many posts to show (1-5, default 3)').setMinValue(1).setMaxValue(5),
    )
    .addBooleanOption((option) => option.setName('private').setDescription('Only you see the answer')),

  run(options, { library }) {
    const question = String(options.question ?? '');
    const results = clamp(Number(options.results ?? 3), 1, 5);
    return answerReply(library.ask(question, results), { private: options.private === true });
  },
};

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, Math.trunc(value))) : min;
}
