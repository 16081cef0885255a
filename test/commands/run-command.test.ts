import { expect, it } from 'vitest';
import type { Command } from '../../src/command.js';
import { runCommand } from '../../src/run-command.js';
import { context } from '../content/factories.js';

it('a command that throws becomes a private error sentence, and the error is logged', async () => {
  const broken: Command = {
    definition: { name: 'broken', toJSON: () => ({ name: 'broken', description: 'x' }) },
    run() {
      throw new Error('disk on fire');
    },
  };
  const ctx = context(undefined as never);
  const reply = await runCommand(broken, {}, ctx);
  expect(reply).toEqual({
    text: ['Sorry, something went wrong while answering. Please try again in a moment.'],
    cards: [],
    private: true,
    isError: true,
  });
  expect(ctx.logged()).toContain('disk on fire');
  expect(ctx.logged()).toContain('command failed');
});

it('a command that works returns its reply', async () => {
  const fine: Command = {
    definition: { name: 'fine', toJSON: () => ({ name: 'fine', description: 'x' }) },
    run: async () => ({ text: ['ok'], cards: [], private: false }),
  };
  expect(await runCommand(fine, {}, context(undefined as never))).toEqual({ text: ['ok'], cards: [], private: false });
});
