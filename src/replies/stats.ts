// The /stats reply: what readers asked over a period, in words (content gaps, most-answered posts, 👍/👎 per
// post), with the questions-per-day chart and the period's CSV attached.
import type { QuestionStats } from '../store/stats.js';
import { truncate } from '../text/truncate.js';
import { strong, user, type Card, type Inline, type Reply, type ReplyFile } from './reply.js';

export interface StatsAttachments {
  /** PNG; absent when it could not be drawn (`chartProblem` says why). */
  chart?: Uint8Array;
  chartProblem?: string;
  csv?: { text: string; rows: number };
}

export function statsReply(stats: QuestionStats, attachments: StatsAttachments = {}): Reply {
  const period = `${stats.from} to ${stats.to}`;
  const text = [
    strong(`What readers asked, ${period}`),
    stats.questions === 0
      ? ` (${plural(stats.days, 'day')}, UTC): no question yet.`
      : ` (${plural(stats.days, 'day')}, UTC): ` +
        `${plural(stats.questions, 'question')}, ${stats.answered} answered, ${stats.unanswered} unanswered.`,
  ];
  const cards: Card[] = [
    {
      title: 'Unanswered questions, by keywords: what to write next',
      body:
        stats.topUnanswered.length === 0
          ? stats.unanswered === 0
            ? ['None: every question found a post.']
            : ['Only greetings and questions without searchable words.']
          : lines(stats.topUnanswered, (gap, i) => [
              `${i + 1}. “`,
              user(truncate(gap.example, 120)),
              `” ×${gap.count} · `,
              user(gap.keywords.join(', ')),
            ]),
    },
    {
      title: 'Most-answered posts',
      body:
        stats.topPosts.length === 0
          ? ['None yet.']
          : lines(stats.topPosts, (post, i) => [`${i + 1}. `, user(post.slug), ` (${post.count})`]),
    },
    {
      title: '👍/👎 per post',
      body:
        stats.feedback.length === 0
          ? ['No feedback yet.']
          : lines(stats.feedback, (post) => [user(post.slug), `: 👍 ${post.up} · 👎 ${post.down}`]),
    },
  ];
  const files: ReplyFile[] = [];
  if (attachments.chart)
    files.push({
      name: `questions-per-day-${stats.from}-to-${stats.to}.png`,
      data: attachments.chart,
      description: `Questions per day, ${period}: answered and unanswered`,
    });
  if (attachments.csv)
    files.push({
      name: `questions-${stats.from}-to-${stats.to}.csv`,
      data: Buffer.from(attachments.csv.text),
      description: `Every question asked, ${period}`,
    });
  const attached = [
    attachments.chart ? 'the questions-per-day chart' : undefined,
    attachments.csv
      ? attachments.csv.rows < stats.questions
        ? `a CSV of the newest ${attachments.csv.rows} questions (the file size limit)`
        : 'a CSV of every question'
      : undefined,
  ].filter(Boolean);
  const footer = [
    attached.length > 0 ? `Attached: ${attached.join(' and ')}.` : '',
    attachments.chartProblem ? `The chart could not be drawn: ${attachments.chartProblem}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return { text, cards, ...(footer ? { footer: [footer] } : {}), files, private: true };
}

/** One line per item, each built by `line`. */
function lines<T>(items: readonly T[], line: (item: T, i: number) => Inline[]): Inline[] {
  return items.flatMap((item, i) => [...(i > 0 ? ['\n'] : []), ...line(item, i)]);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
