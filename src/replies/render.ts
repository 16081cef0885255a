// Renders a reply model for Discord (message payloads within Discord's limits, in Discord Markdown) and as plain
// text for a terminal. The CLI's JSON is in json.ts.
import { escapeUserText } from './escape.js';
import { fitMarkdown, toMarkdown } from './markdown.js';
import { truncate } from '../text/truncate.js';
import type { QuotedQuestion, Reply, ReplyButton, ReplyFile, RichText } from './reply.js';

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
  authorName: 256,
  url: 512,
} as const;

export const EPHEMERAL_FLAG = 64;
/** Discord's SUPPRESS_EMBEDS message flag: links in the text unfurl no previews. */
export const SUPPRESS_EMBEDS_FLAG = 4;
/** The question quoted above a public answer takes at most this many characters. */
const QUESTION_CHARS = 300;
const EMBED_COLOR = 0x2b6cb0;
/** A card that may help but is not an answer for sure is muted (Discord's grey). */
const UNCERTAIN_COLOR = 0x99aab5;
/** A footer shown in the message itself (no embed to hold it) takes at most this much of the content. */
const CONTENT_FOOTER_CHARS = 500;

export interface DiscordEmbed {
  author?: { name: string };
  title: string;
  url?: string;
  description: string;
  color: number;
  footer?: { text: string };
}

/** Discord's API shape of a row of buttons (component types 1 and 2; style 5 is a link). */
export interface DiscordActionRow {
  type: 1;
  components: DiscordButton[];
}

/** Style 2 (grey) or 4 (red) sends its custom_id back; style 5 is a link and has a url instead. */
export type DiscordButton =
  | { type: 2; style: 2 | 4; custom_id: string; label?: string; emoji?: { name: string } }
  | { type: 2; style: 5; url: string; label: string; emoji?: { name: string } };

export interface DiscordPayload {
  content: string;
  embeds: DiscordEmbed[];
  /**
   * Nobody is pinged, except the one member an answer is suggested for (`users`), and the roles a reply names (`roles`,
   * Reply.pingRoles).
   */
  allowedMentions: { parse: []; users?: string[]; roles?: string[] };
  /** 64 (ephemeral) when only the asker should see it; 4 (suppress embeds) when it has links but no cards. */
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
  // The author line (the blog's name) is plain text as written: Discord reads no Markdown there.
  const authorName = reply.blogName ? truncate(reply.blogName, DISCORD_LIMITS.authorName, { atWord: true }) : undefined;
  cards.forEach((card, i) => {
    // Discord reads some Markdown in titles, so a title is escaped like any of someone else's words.
    const title = escapedTitle(card.title);
    // The date is YYYY-MM-DD, nothing to escape; an uncertain card's label (the bot's words) is escaped all the same.
    const note = [card.date, card.uncertain === undefined ? undefined : toMarkdown([card.uncertain])].filter(
      (part) => part !== undefined,
    );
    const dateLine = note.length > 0 ? `*${note.join(' · ')}*\n` : '';
    // The footer is plain text as written: Discord reads no Markdown there.
    const footerText =
      i === cards.length - 1 && reply.footer
        ? truncate(plainText(reply.footer), DISCORD_LIMITS.footer, { atWord: true })
        : undefined;
    const fixed = title.length + (footerText?.length ?? 0) + (authorName?.length ?? 0);
    const room = Math.min(DISCORD_LIMITS.description, budget - fixed);
    if (room < 50) return;
    const description = `${dateLine}${fitMarkdown(card.body, room - dateLine.length)}`;
    budget -= fixed + description.length;
    embeds.push({
      ...(authorName ? { author: { name: authorName } } : {}),
      title,
      ...(card.url && isHttpUrl(card.url) && card.url.length <= 2048 ? { url: card.url } : {}),
      description,
      color: card.uncertain ? UNCERTAIN_COLOR : EMBED_COLOR,
      ...(footerText ? { footer: { text: footerText } } : {}),
    });
  });
  // With no embed to hold it, the footer goes under the message as small text ("-# "), in Markdown like the rest.
  const footerInContent =
    embeds.length === 0 && reply.footer ? `\n-# ${fitMarkdown(reply.footer, CONTENT_FOOTER_CHARS)}` : '';
  // The bot's own mention of a member, so it is not escaped; a malformed id is left out rather than trusted.
  const forMember = reply.suggestedFor && /^\d{17,20}$/.test(reply.suggestedFor) ? reply.suggestedFor : undefined;
  const quoted =
    (forMember ? `Suggested for <@${forMember}>\n` : '') + (reply.question ? questionLines(reply.question) : '');
  // Links with no card to show them as cards would each unfurl a preview: one reply, up to three big boxes.
  const flags =
    (reply.private ? EPHEMERAL_FLAG : 0) | (embeds.length === 0 && hasLinks(reply) ? SUPPRESS_EMBEDS_FLAG : 0);
  return {
    content:
      quoted +
      fitMarkdown(reply.text, DISCORD_LIMITS.content - footerInContent.length - quoted.length) +
      footerInContent,

    embeds,
    allowedMentions: {
      parse: [],
      ...(forMember && { users: [forMember] }),
      ...(reply.pingRoles?.length && { roles: reply.pingRoles }),
    },
    ...(flags ? { flags } : {}),
    ...(reply.buttons?.length ? { components: buttonRows(reply.buttons) } : {}),
    ...(reply.files?.length ? { files: reply.files } : {}),
  };
}

/**
 * The one place buttons become Discord components: in the reply's order, five to a row, at most five rows. A button
 * Discord would refuse (an id over 100 characters, a link that is not http(s) or over 512 characters) is left out
 * rather than failing the whole reply.
 */
export function buttonRows(buttons: readonly ReplyButton[]): DiscordActionRow[] {
  const fitting = buttons.filter((button) =>
    'url' in button
      ? isHttpUrl(button.url) && button.url.length <= DISCORD_LIMITS.url
      : button.id.length > 0 && button.id.length <= DISCORD_LIMITS.customId,
  );
  const rows: DiscordActionRow[] = [];
  for (let i = 0; i < fitting.length && rows.length < DISCORD_LIMITS.rows; i += DISCORD_LIMITS.buttonsPerRow) {
    rows.push({ type: 1, components: fitting.slice(i, i + DISCORD_LIMITS.buttonsPerRow).map(discordButton) });
  }
  return rows;
}

function discordButton(button: ReplyButton): DiscordButton {
  const emoji = button.emoji ? { emoji: { name: button.emoji } } : {};
  if ('url' in button)
    return {
      type: 2,
      style: 5,
      url: button.url,
      label: truncate(button.label, DISCORD_LIMITS.buttonLabel, { atWord: true }),
      ...emoji,
    };
  return {
    type: 2,
    style: button.danger ? 4 : 2,
    custom_id: button.id,
    ...(button.label ? { label: truncate(button.label, DISCORD_LIMITS.buttonLabel, { atWord: true }) } : {}),
    ...emoji,
  };
}

/** The question as a one-line quote (and who asked, when someone else posted it), escaped: no Markdown, no pings. */
function questionLines({ text, askedBy }: QuotedQuestion): string {
  const line = `> ${escapeUserText(truncate(text.replace(/\s+/g, ' ').trim(), QUESTION_CHARS, { atWord: true }))}\n`;
  return askedBy ? `${line}-# asked by ${escapeUserText(truncate(askedBy.replace(/\s+/g, ' '), 80))}\n` : line;
}

/** A title escaped, cut first so the escaped title stays within Discord's 256 characters. */
function escapedTitle(title: string): string {
  let max: number = DISCORD_LIMITS.title;
  let escaped = escapeUserText(truncate(title, max, { atWord: true }));
  while (escaped.length > DISCORD_LIMITS.title && max > 1) {
    max -= escaped.length - DISCORD_LIMITS.title;
    escaped = escapeUserText(truncate(title, max, { atWord: true }));
  }
  return escaped;
}

function hasLinks(reply: Reply): boolean {
  const runs = [...reply.text, ...(reply.footer ?? [])];
  return (
    runs.some((inline) => typeof inline !== 'string' && inline.kind === 'link') || /https?:\/\//i.test(plainText(runs))
  );
}

/** A reply for a terminal: no Markdown at all, each card as a title line, its link and its text. */
export function toText(reply: Reply): string {
  // The question is not repeated: in a terminal it is the line just typed.
  const lines = reply.text.length > 0 ? [plainText(reply.text)] : [];
  for (const card of reply.cards) {
    const note = [card.date, card.uncertain].filter(Boolean).join(', ');
    if (lines.length > 0) lines.push('');
    lines.push(`## ${card.title}${note ? ` (${note})` : ''}`);
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
      // A post's code is marked with backticks (src/content/paragraphs.ts): plain text shows the code alone.
      if (inline.kind === 'quote') return inline.excerpt.text.replace(/`/g, '');
      if (inline.kind === 'link') return `${inline.text} <${inline.url}>`;
      return inline.text;
    })
    .join('');
}

function isHttpUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}
