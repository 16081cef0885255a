// Makes someone else's text (a member's question, a post's title) safe to show: no Markdown, no pings.

export function escapeUserText(text: string): string {
  return text
    .replace(/([\\*_~`|>#[\]()])/g, '\\$1')
    .replace(/@(everyone|here)/gi, '@\u200b$1')
    .replace(/<(@[!&]?|#)(\d+)>/g, '<$1\u200b$2>');
}
