// Makes someone else's text (a member's question, a post's title) safe to show: no Markdown, no pings.

export function escapeUserText(text: string): string {
  // Mentions first: once '>' is escaped the mention pattern would no longer be recognised here, yet could still ping.
  return text
    .replace(/@(everyone|here)/gi, '@\u200b$1')
    .replace(/<(@[!&]?|#)(\d+)>/g, '<$1\u200b$2>')
    .replace(/([\\*_~`|>#[\]()])/g, '\\$1');
}
