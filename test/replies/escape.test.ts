import { describe, expect, it } from 'vitest';
import { escapeMarkdown, escapeUserText } from '../../src/replies/escape.js';

describe('escapeUserText', () => {
  it.each([
    ['@everyone', '@\u200beveryone'],
    ['@here', '@\u200bhere'],
    ['@EVERYONE', '@\u200bEVERYONE'],
    ['<@123456789012345678>', '<@\u200b123456789012345678\\>'],
    ['<@!123456789012345678>', '<@!\u200b123456789012345678\\>'],
    ['<@&123456789012345678>', '<@&\u200b123456789012345678\\>'],
    ['<#123456789012345678>', '<\\#\u200b123456789012345678\\>'],
  ])('defuses the mention %s', (input, expected) => {
    expect(escapeUserText(input)).toBe(expected);
  });

  it.each([
    ['**bold**', '\\*\\*bold\\*\\*'],
    ['_it_', '\\_it\\_'],
    ['~~strike~~', '\\~\\~strike\\~\\~'],
    ['`code`', '\\`code\\`'],
    ['||spoiler||', '\\|\\|spoiler\\|\\|'],
    ['> quote', '\\> quote'],
    ['# heading', '\\# heading'],
    ['[link](https://e.x)', '\\[link\\]\\(https://e.x\\)'],
    ['back\\slash', 'back\\\\slash'],
  ])('escapes the Markdown in %s', (input, expected) => {
    expect(escapeUserText(input)).toBe(expected);
  });

  it('leaves ordinary text, other scripts and emoji as they are', () => {
    const text = 'Kubernetes 中文 русский العربية 😀 e-mail: a.b@example.com 50%';
    expect(escapeUserText(text)).toBe(text);
  });

  it('a mention split by an escape character cannot come back together', () => {
    const out = escapeUserText('<@\\123456789012345678> <<@123456789012345678>> @@everyone');
    expect(out).not.toMatch(/<@[!&]?\d+>|@(everyone|here)/);
  });
});

describe('escapeMarkdown', () => {
  it('escapes what Discord reads as Markdown, so a post shows as written', () => {
    expect(escapeMarkdown('a **compost** heap, 50% wet_ness, `x` ~~y~~ ||z|| a\\b')).toBe(
      'a \\*\\*compost\\*\\* heap, 50% wet\\_ness, \\`x\\` \\~\\~y\\~\\~ \\|\\|z\\|\\| a\\\\b',
    );
  });

  it('escapes headings, quotes and list markers at a line start only, a numbered line after its number', () => {
    expect(escapeMarkdown('# not a heading\n- not a list\n1. not a list either\n> not a quote')).toBe(
      '\\# not a heading\n\\- not a list\n1\\. not a list either\n\\> not a quote',
    );
    expect(escapeMarkdown('C# and 3 - 2 = 1. Done > begun')).toBe('C# and 3 - 2 = 1. Done > begun');
  });
});
