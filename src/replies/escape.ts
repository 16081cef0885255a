// Discord Markdown escaping: makes plain text show as written. Only the renderers call these.

/** Someone else's text (a member's question, a post's title, a file name): no Markdown, no links, no pings. */
export function escapeUserText(text: string): string {
  // Mentions first: once '>' is escaped the mention pattern would no longer be recognised here, yet could still ping.
  return text
    .replace(/@(everyone|here)/gi, '@\u200b$1')
    .replace(/<(@[!&]?|#)(\d+)>/g, '<$1\u200b$2>')
    .replace(/([\\*_~`|>#[\]()])/g, '\\$1');
}

/**
 * A post's text or the bot's own words: backslash-escapes what Discord would read as Markdown. The start of `text`
 * counts as the start of a line (a run after a bold word or a cut mark is escaped as if it began one).
 */
export function escapeMarkdown(text: string): string {
  // A backslash before a digit is shown as is, so a numbered line is escaped after its number: 1\.
  return text
    .replace(/([\\*_~`|])/g, '\\$1')
    .replace(/^([>#-])(?=\s)/gm, '\\$1')
    .replace(/^(\d+)\.(?=\s)/gm, '$1\\.');
}
