import { describe, expect, it } from 'vitest';
import { exampleQuestions, help } from '../../commands/help.js';
import { Library } from '../../src/library.js';
import { plainText } from '../../src/replies/render.js';
import { context, contentDir, ESSAYS, postMarkdown } from '../content/factories.js';

describe('/help', () => {
  it('lists what the bot can do, privately, with three example questions the blog answers today', async () => {
    const library = await Library.open({ contentDir: ESSAYS });
    const reply = await help.run({}, context(library));
    expect(reply.private).toBe(true);
    const text = plainText(reply.text);
    for (const doorway of ['/ask', '/post', '/latest', 'Ask the blog', 'Mention me']) expect(text).toContain(doorway);
    const examples = exampleQuestions(library);
    expect(examples).toHaveLength(3);
    for (const example of examples) {
      expect(text).toContain(`/ask question:${example}`);
      // Each example finds a post: the one whose title it was drawn from.
      const found = library.ask(example, 1).results[0];
      expect(found).toBeDefined();
      expect(found!.title.toLowerCase()).toContain(example.split(' ')[0]);
    }
  });

  it('draws its examples from the current content, so other posts give other examples', async () => {
    const library = await Library.open({
      contentDir: contentDir({
        'a.md': postMarkdown({
          title: 'Sourdough starters',
          date: '2021-03-01',
          url: 'https://blog.example/a/',
          body: 'A sourdough starter needs flour, water and patience.',
        }),
        'b.md': postMarkdown({
          title: 'Pruning apple trees',
          date: '2021-02-01',
          url: 'https://blog.example/b/',
          body: 'Prune apple trees in late winter, cutting crossing branches.',
        }),
      }),
    });
    expect(exampleQuestions(library)).toEqual(['sourdough starters', 'pruning apple trees']);
    const empty = await Library.open({ contentDir: contentDir() });
    expect(exampleQuestions(empty)).toEqual([]);
    expect(plainText((await help.run({}, context(empty))).text)).not.toContain('Try:');
  });
});
