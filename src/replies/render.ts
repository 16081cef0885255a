// Renders a reply model for each front door: Discord message payloads within Discord's limits, plain text, JSON.
import { escapeUserText } from './escape.js';
import type { Reply } from './reply.js';
import { ELLIPSIS, truncationEnd } from '../text/truncate.js';

/** Discord's documented limits for messages and embeds. */
export const DISCORD_LIMITS = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  footer: 2048,
  fieldValue: 1024,
  embedTotal: 6000,
} as const;

export const EPHEMERAL_FLAG = 64;
const EMBED_COLOR = 0x2b6cb0;

export interface DiscordEmbed {
  title: string;
  url?: string;
  description: string;
  color: number;
  footer?: { text: string };
}

export interface DiscordPayload {
  content: string;
  embeds: DiscordEmbed[];
  allowedMentions: { parse: [] };
  /** 64 (ephemeral) when only the asker should see it. */
  flags?: number;
}

export function toDiscord(reply: Reply): DiscordPayload {
  let budget: number = DISCORD_LIMITS.embedTotal;
  const embeds: DiscordEmbed[] = [];
  const cards = reply.cards.slice(0, DISCORD_LIMITS.embeds);
  cards.forEach((card, i) => {
    const title = cut(card.title, DISCORD_LIMITS.title);
    const dateLine = card.date ? `*${card.date}*\n` : '';
    const footerText = i === cards.length - 1 && reply.footer ? cut(reply.footer, DISCORD_LIMITS.footer) : undefined;
    const room = Math.min(DISCORD_LIMITS.description, budget - title.length - (footerText?.length ?? 0));
    if (room < 50) return;
    const description = cut(`${dateLine}${card.body}`, room);
    budget -= title.length + description.length + (footerText?.length ?? 0);
    embeds.push({
      title,
      ...(card.url && isHttpUrl(card.url) && card.url.length <= 2048 ? { url: card.url } : {}),
      description,
      color: EMBED_COLOR,
      ...(footerText ? { footer: { text: footerText } } : {}),
    });
  });
  // An embed's footer shows plain text; moved into the message it would be read as Markdown, so it is escaped there.
  const footerInContent = embeds.length === 0 && reply.footer ? `\n-# ${escapeUserText(reply.footer)}` : '';
  return {
    content: cut(`${reply.text}${footerInContent}`, DISCORD_LIMITS.content),
    embeds,
    allowedMentions: { parse: [] },
    ...(reply.private ? { flags: EPHEMERAL_FLAG } : {}),
  };
}

export function toText(reply: Reply): string {
  const lines = [stripMarkdown(reply.text)];
  for (const card of reply.cards) {
    lines.push('', `## ${card.title}${card.date ? ` (${card.date})` : ''}`);
    if (card.url) lines.push(card.url);
    lines.push(stripMarkdown(card.body));
  }
  if (reply.footer) lines.push('', `(${reply.footer})`);
  return lines.join('\n');
}

/** Cuts at a word boundary with "…" so a reader sees where text was left out. */
export function cut(text: string, max: number): string {
  const end = truncationEnd(text, max, { atWord: true });
  if (end === text.length) return text;
  const kept = text.slice(0, end);
  // Never leave a lone backslash or an open ** that would swallow the ellipsis.
  const balanced = (kept.match(/\*\*/g)?.length ?? 0) % 2 === 1 ? kept.replace(/\*\*(?!.*\*\*)/s, '') : kept;
  return `${balanced.replace(/\\$/, '')}${ELLIPSIS}`;
}

function stripMarkdown(text: string): string {
  return text.replace(/\*\*/g, '').replace(/\\([\\*_~`|>#[\]()-])/g, '$1').replace(/\u200b/g, '');
}

function isHttpUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}
