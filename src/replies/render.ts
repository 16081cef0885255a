// Renders a reply model for each front door: Discord message payloads within Discord's limits, plain text, JSON.
import { escapeUserText } from './escape.js';
import type { Reply, ReplyButton, ReplyFile } from './reply.js';

/** Discord's documented limits for messages and embeds. */
export const DISCORD_LIMITS = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  footer: 2048,
  fieldValue: 1024,
  embedTotal: 6000,
  buttonsPerRow: 5,
  rows: 5,
  customId: 100,
  buttonLabel: 80,
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

/** Discord's API shape of a row of buttons (component types 1 and 2). */
export interface DiscordActionRow {
  type: 1;
  components: Array<{ type: 2; style: 2; custom_id: string; label?: string; emoji?: { name: string } }>;
}

export interface DiscordPayload {
  content: string;
  embeds: DiscordEmbed[];
  allowedMentions: { parse: [] };
  /** 64 (ephemeral) when only the asker should see it. */
  flags?: number;
  /** Present only when the reply has buttons. */
  components?: DiscordActionRow[];
  /** Present only when the reply has files. */
  files?: ReplyFile[];
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
    ...(reply.buttons?.length ? { components: buttonRows(reply.buttons) } : {}),
    ...(reply.files?.length ? { files: reply.files } : {}),
  };
}

/**
 * The one place buttons become Discord components: in the reply's order, five to a row, at most five rows. A button
 * whose id Discord would refuse (over 100 characters) is left out rather than failing the whole reply.
 */
export function buttonRows(buttons: readonly ReplyButton[]): DiscordActionRow[] {
  const fitting = buttons.filter((button) => button.id.length > 0 && button.id.length <= DISCORD_LIMITS.customId);
  const rows: DiscordActionRow[] = [];
  for (let i = 0; i < fitting.length && rows.length < DISCORD_LIMITS.rows; i += DISCORD_LIMITS.buttonsPerRow) {
    rows.push({
      type: 1,
      components: fitting.slice(i, i + DISCORD_LIMITS.buttonsPerRow).map((button) => ({
        type: 2,
        style: 2,
        custom_id: button.id,
        ...(button.label ? { label: cut(button.label, DISCORD_LIMITS.buttonLabel) } : {}),
        ...(button.emoji ? { emoji: { name: button.emoji } } : {}),
      })),
    });
  }
  return rows;
}

export function toText(reply: Reply): string {
  const lines = [stripMarkdown(reply.text)];
  for (const card of reply.cards) {
    lines.push('', `## ${card.title}${card.date ? ` (${card.date})` : ''}`);
    if (card.url) lines.push(card.url);
    lines.push(stripMarkdown(card.body));
  }
  if (reply.footer) lines.push('', `(${reply.footer})`);
  if (reply.files?.length) lines.push('', `Attached: ${reply.files.map((file) => file.name).join(', ')}`);
  return lines.join('\n');
}

/** Cuts at a word boundary with "…" so a reader sees where text was left out. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  // Never cut between the two halves of an emoji (a surrogate pair).
  const room = text.slice(0, /[\uD800-\uDBFF]/.test(text[max - 2] ?? '') ? max - 2 : max - 1);
  const atSpace = room.replace(/\s+\S*$/, '');
  const kept = atSpace.length > max * 0.6 ? atSpace : room;
  // Never leave a lone backslash or an open ** that would swallow the ellipsis.
  const balanced = (kept.match(/\*\*/g)?.length ?? 0) % 2 === 1 ? kept.replace(/\*\*(?!.*\*\*)/s, '') : kept;
  return `${balanced.replace(/\\$/, '')}…`;
}

function stripMarkdown(text: string): string {
  return text.replace(/\*\*/g, '').replace(/\\([\\*_~`|>#[\]()-])/g, '$1').replace(/\u200b/g, '');
}

function isHttpUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}
