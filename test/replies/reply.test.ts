import { expect, it } from 'vitest';
import { errorReply, user } from '../../src/replies/reply.js';

it('errorReply is private, marked as an error, with no cards', () => {
  expect(errorReply('Nope.')).toEqual({ text: ['Nope.'], cards: [], private: true, isError: true });
  expect(errorReply(['No ', user('x_y'), '.']).text).toEqual(['No ', user('x_y'), '.']);
});
