// Renders a reply model for Discord (message payloads within Discord's limits, in Discord Markdown) and as plain
// text for a terminal. The CLI's JSON is in json.ts.
import { fitMarkdown, toMarkdown } from './markdown.js';
import { truncate } from '../text/truncate.js';
import type { Reply, ReplyButton, ReplyFile, RichText } from './reply.js';

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
/** A card that may help but is not an answer for sure is muted (Discord's grey). */
const UNCERTAIN_COLOR = 0x99aab5;
/** A footer shown in the message itself (no embed to hold it) takes at most this much of the content. */
const CONTENT_FOOTER_CHARS = 500;

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
    // An embed's title and footer show plain text as written: they are not Markdown.
    const title = truncate(card.title, DISCORD_LIMITS.title, { atWord: true });
    // The date is YYYY-MM-DD, nothing to escape; an uncertain card's label (the bot's words) is escaped all the same.
    const note = [card.date, card.uncertain === undefined ? undefined : toMarkdown([card.uncertain])].filter((part) => part !== undefined);
    const dateLine = note.length > 0 ? `*${note.join(' · ')}*\n` : '';
    const footerText = i === cards.length - 1 && reply.footer ? truncate(plainText(reply.footer), DISCORD_LIMITS.footer, { atWord: true }) : undefined;
    const room = Math.min(DISCORD_LIMITS.description, budget - title.length - (footerText?.length ?? 0));
    if (room < 50) return;
    const description = `${dateLine}${fitMarkdown(card.body, room - dateLine.length)}`;
    budget -= title.length + description.length + (footerText?.length ?? 0);
    embeds.push({
      title,
      ...(card.url && isHttpUrl(card.url) && card.url.length <= 2048 ? { url: card.url } : {}),
      description,
      color: card.uncertain ? UNCERTAIN_COLOR : EMBED_COLOR,
      ...(footerText ? { footer: { text: footerText } } : {}),
    });
  });
  // With no embed to hold it, the footer goes under the message as small text ("-# "), in Markdown like the rest.
  const footerInContent = embeds.length === 0 && reply.footer ? `\n-# ${fitMarkdown(reply.footer, CONTENT_FOOTER_CHARS)}` : '';
  return {
    content: `${fitMarkdown(reply.text, DISCORD_LIMITS.content - footerInContent.length)}${footerInContent}`,
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
        ...(button.label ? { label: truncate(button.label, DISCORD_LIMITS.buttonLabel, { atWord: true }) } : {}),
        ...(button.emoji ? { emoji: { name: button.emoji } } : {}),
      })),
    });
  }
  return rows;
}

/** A reply for a terminal: no Markdown at all, each card as a title line, its link and its text. */
export function toText(reply: Reply): string {
  const lines = [plainText(reply.text)];
  for (const card of reply.cards) {
    const note = [card.date, card.uncertain].filter(Boolean).join(', ');
    lines.push('', `## ${card.title}${note ? ` (${note})` : ''}`);
    if (card.url) lines.push(card.url);
    lines.push(plainText(card.body));
  }
  if (reply.footer) lines.push('', `(${plainText(reply.footer)})`);
  if (reply.files?.length) lines.push('', `Attached: ${reply.files.map((file) => file.name).join(', ')}`);
  return lines.join('\n');
}

/** Rich text as plain text: every run as written, a link as its text followed by its address in <>. */
export function plainText(text: RichText): string {
  return text
    .map((inline) => {
      if (typeof inline === 'string') return inline;
      if (inline.kind === 'quote') return inline.excerpt.text;
      if (inline.kind === 'link') return `${inline.text} <${inline.url}>`;
      return inline.text;
    })
    .join('');
}

function isHttpUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}
