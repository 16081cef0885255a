import { expect, it } from 'vitest';
import { errorReply } from '../../src/replies/reply.js';

it('errorReply is private, marked as an error, with no cards', () => {
  expect(errorReply('Nope.')).toEqual({ text: 'Nope.', cards: [], private: true, isError: true });
});
