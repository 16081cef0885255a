// The /stats reply: what readers asked over a period, in words (content gaps, most-answered posts, 👍/👎 per
// post), with the questions-per-day chart and the period's CSV attached.
import type { QuestionStats } from '../store/stats.js';
import { escapeUserText } from './escape.js';
import { shorten } from './build.js';
import type { Card, Reply, ReplyFile } from './reply.js';

export interface StatsAttachments {
  /** PNG; absent when it could not be drawn (`chartProblem` says why). */
  chart?: Uint8Array;
  chartProblem?: string;
  csv?: { text: string; rows: number };
}

export function statsReply(stats: QuestionStats, attachments: StatsAttachments = {}): Reply {
  const period = `${stats.from} to ${stats.to}`;
  const text =
    stats.questions === 0
      ? `**What readers asked, ${period}** (${plural(stats.days, 'day')}, UTC): no question yet.`
      : `**What readers asked, ${period}** (${plural(stats.days, 'day')}, UTC): ${plural(stats.questions, 'question')}, ${stats.answered} answered, ${stats.unanswered} unanswered.`;
  const cards: Card[] = [
    {
      title: 'Unanswered questions, by keywords: what to write next',
      body:
        stats.topUnanswered.length === 0
          ? stats.unanswered === 0
            ? 'None: every question found a post.'
            : 'Only greetings and questions without searchable words.'
          : stats.topUnanswered
              .map((gap, i) => `${i + 1}. “${escapeUserText(shorten(gap.example, 120))}” ×${gap.count} · ${escapeUserText(gap.keywords.join(', '))}`)
              .join('\n'),
    },
    {
      title: 'Most-answered posts',
      body: stats.topPosts.length === 0 ? 'None yet.' : stats.topPosts.map((post, i) => `${i + 1}. ${escapeUserText(post.slug)} (${post.count})`).join('\n'),
    },
    {
      title: '👍/👎 per post',
      body: stats.feedback.length === 0 ? 'No feedback yet.' : stats.feedback.map((post) => `${escapeUserText(post.slug)}: 👍 ${post.up} · 👎 ${post.down}`).join('\n'),
    },
  ];
  const files: ReplyFile[] = [];
  if (attachments.chart) files.push({ name: `questions-per-day-${stats.from}-to-${stats.to}.png`, data: attachments.chart, description: `Questions per day, ${period}: answered and unanswered` });
  if (attachments.csv) files.push({ name: `questions-${stats.from}-to-${stats.to}.csv`, data: Buffer.from(attachments.csv.text), description: `Every question asked, ${period}` });
  const attached = [
    attachments.chart ? 'the questions-per-day chart' : undefined,
    attachments.csv ? (attachments.csv.rows < stats.questions ? `a CSV of the newest ${attachments.csv.rows} questions (the file size limit)` : 'a CSV of every question') : undefined,
  ].filter(Boolean);
  const footer = [attached.length > 0 ? `Attached: ${attached.join(' and ')}.` : '', attachments.chartProblem ? `The chart could not be drawn: ${attachments.chartProblem}.` : '']
    .filter(Boolean)
    .join(' ');
  return { text, cards, ...(footer ? { footer } : {}), files, private: true };
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
