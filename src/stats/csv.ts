// The CSV of a period's questions: one line per question with its votes, for a spreadsheet or another machine's
// figures. Text a spreadsheet would run as a formula (=, +, -, @ first) is prefixed with a quote.
import type { QuestionRow } from '../store/asked.js';

const HEADER = [
  'asked_at',
  'source',
  'guild_id',
  'question',
  'keywords',
  'top_slug',
  'confidence',
  'abstained',
  'results',
  'took_ms',
  'up',
  'down',
];

export interface Csv {
  text: string;
  /** How many questions it holds (the newest, when maxBytes cut it). */
  rows: number;
}

/** The rows oldest first; past `maxBytes` the oldest are left out. */
export function questionsCsv(rows: readonly QuestionRow[], maxBytes = Infinity): Csv {
  const header = HEADER.join(',');
  let bytes = Buffer.byteLength(header) + 2;
  const lines: string[] = [];
  for (let i = rows.length - 1; i >= 0; i--) {
    const line = csvLine(rows[i]!);
    bytes += Buffer.byteLength(line) + 2;
    if (bytes > maxBytes) break;
    lines.push(line);
  }
  lines.reverse();
  return { text: `${[header, ...lines].join('\r\n')}\r\n`, rows: lines.length };
}

function csvLine(row: QuestionRow): string {
  return [
    row.askedAt,
    row.source,
    row.guildId ?? '',
    text(row.question),
    text(row.keywords.join(' ')),
    text(row.topSlug ?? ''),
    row.confidence === null ? '' : String(Math.round(row.confidence * 1000) / 1000),
    row.abstained ? '1' : '0',
    String(row.results),
    String(Math.round(row.tookMs * 1000) / 1000),
    String(row.up),
    String(row.down),
  ].join(',');
}

/** RFC 4180 quoting, and no formula. */
function text(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
