import { expect, it } from 'vitest';
import { formatProblem } from '../../src/content/post.js';

it('formatProblem gives FILE:LINE: reason', () => {
  expect(formatProblem({ file: 'a/x.md', line: 3, reason: 'date "2018-02-30" is not a real date' })).toBe(
    'a/x.md:3: date "2018-02-30" is not a real date',
  );
});
