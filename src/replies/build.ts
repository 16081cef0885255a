// Where a reply's words are chosen: answers, "no good match", the latest posts and reload reports.
import type { Answer, LatestPost, ReloadReport } from '../library.js';
import { formatProblem } from '../content/post.js';
import type { Reply } from './reply.js';
import { escapeUserText } from './escape.js';
import { truncate } from '../text/truncate.js';

export function answerReply(answer: Answer, options: { private?: boolean } = {}): Reply {
  const isPrivate = options.private ?? false;
  const footer = answer.keywords.length > 0 ? `Searched for: ${answer.keywords.join(', ')}` : undefined;
  if (answer.keywords.length === 0) {
    return {
      text: 'Your question has no words to search for. Try a few keywords, for example `/ask kubernetes security`.',
      cards: [],
      private: true,
    };
  }
  if (answer.results.length === 0) {
    const related = answer.related.map((post) => `• [${escapeUserText(post.title)}](${linkTarget(post.url)}) (${post.date})`);
    const text = [
      `No good match in the blog for “${escapeUserText(truncate(answer.query, 200))}”.`,
      related.length > 0 ? `Maybe related:\n${related.join('\n')}` : 'Try other words, or see the newest posts with `/latest`.',
    ].join('\n');
    return { text, cards: [], ...(footer ? { footer } : {}), private: isPrivate };
  }
  return {
    text: answer.results.length === 1 ? 'The best match in the blog:' : `The ${answer.results.length} best matches in the blog:`,
    cards: answer.results.map((result) => ({ title: result.title, url: result.link, date: result.date, body: result.excerpt })),
    ...(footer ? { footer } : {}),
    private: isPrivate,
  };
}

export function latestReply(posts: LatestPost[]): Reply {
  if (posts.length === 0) return { text: 'The blog has no posts yet.', cards: [], private: false };
  return {
    text: posts.length === 1 ? 'The newest post:' : `The ${posts.length} newest posts:`,
    cards: posts.map((post) => ({ title: post.title, url: post.url, date: post.date, body: escapeUserText(post.summary) })),
    private: false,
  };
}

export function reloadReply(report: ReloadReport): Reply {
  const lines = [`Reloaded: ${report.postCount} post${report.postCount === 1 ? '' : 's'} served.`];
  const list = (label: string, slugs: string[]) => {
    // Slugs may hold '_' (italics in Discord): shown escaped, like every name taken from the content folder.
    if (slugs.length > 0) lines.push(`${label} (${slugs.length}): ${escapeUserText(truncate(slugs.join(', '), 600))}`);
  };
  list('Added', report.added);
  list('Changed', report.changed);
  list('Removed', report.removed);
  if (report.added.length + report.changed.length + report.removed.length === 0) lines.push('No post changed.');
  if (report.problems.length > 0) {
    lines.push(`Files with problems (${report.problems.length}):`);
    for (const problem of report.problems.slice(0, 15)) {
      lines.push(`• ${escapeUserText(formatProblem(problem))}${problem.kept ? ' (last good version kept)' : ''}`);
    }
    if (report.problems.length > 15) lines.push(`…and ${report.problems.length - 15} more (run \`npm run check\`).`);
  }
  if (report.drafts.length > 0) lines.push(`Drafts not served: ${escapeUserText(report.drafts.map((draft) => draft.file).join(', '))}`);
  return { text: lines.join('\n'), cards: [], private: true };
}

/** A URL inside a Markdown link: a ')' or a space would end the link early, so they are percent-encoded. */
function linkTarget(url: string): string {
  return url.replace(/[()\s<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
