// Where a reply's words are chosen: answers in three tiers (confident, "not sure — these may help", "no good match"),
// the latest posts and reload reports. The words are plain text, with someone else's words (a question, a title, a
// file name) marked as such: the renderers escape them.
import type { Answer, LatestPost, PostDetail } from '../answer.js';
import { formatProblem } from '../content/post.js';
import type { ReloadReport } from '../library.js';
import { truncate } from '../text/truncate.js';
import { code, link, quote, strong, user, type Inline, type Reply } from './reply.js';

export function answerReply(answer: Answer, options: { private?: boolean } = {}): Reply {
  const isPrivate = options.private ?? false;
  const source = { kind: 'answer', answer } as const;
  if (answer.keywords.length === 0) {
    // A greeting ("hello") or a question of common words only: a short hint, not a search.
    return {
      text: ['Your question has no words to search for. Try a few keywords, for example ', code('/ask kubernetes security'), ', or see what I can do with ', code('/help'), '.'],
      cards: [],
      private: true,
      source,
    };
  }
  const footer = ['Searched for: ', user(answer.keywords.join(', '))];
  const asked = ['“', user(truncate(answer.query, 200)), '”'];
  if (answer.results.length > 0) {
    return {
      // Other members see a public answer, not the question: it is quoted above the answer.
      ...(isPrivate ? {} : { question: { text: answer.query } }),
      text: [answer.results.length === 1 ? 'The best match in the blog:' : `The ${answer.results.length} best matches in the blog:`],
      cards: answer.results.map((result) => ({ title: result.title, url: result.link, date: result.date, body: [quote(result.excerpt)] })),
      footer,
      private: isPrivate,
      source,
    };
  }
  if (answer.related.length > 0) {
    const these = answer.related.length === 1 ? 'this post may help' : 'these posts may help';
    return {
      text: ['Not sure — no post clearly answers ', ...asked, `, but ${these}:`],
      cards: answer.related.map((post) => ({ title: post.title, url: post.link, date: post.date, body: [quote(post.excerpt)], uncertain: 'not sure' })),
      footer,
      private: isPrivate,
      source,
    };
  }
  const text = ['No good match in the blog for ', ...asked, '.\nTry other words, or see the newest posts with ', code('/latest'), '.'];
  return { text, cards: [], footer, private: isPrivate, source };
}

/** A summary on a /latest line is cut to this many characters, so each post stays one line. */
const LATEST_SUMMARY_CHARS = 90;
const LATEST_TITLE_CHARS = 120;

/** The newest posts as one compact card: one line per post (its linked title, date and the start of its summary). */
export function latestReply(posts: LatestPost[]): Reply {
  const source = { kind: 'latest', posts } as const;
  if (posts.length === 0) return { text: ['The blog has no posts yet.'], cards: [], private: false, source };
  const lines = posts.map((post, i): Inline[] => [
    i === 0 ? '' : '\n',
    link(truncate(post.title, LATEST_TITLE_CHARS, { atWord: true }), post.url),
    ` · ${post.date}`,
    ...(post.summary ? [' — ', user(truncate(post.summary.replace(/\s+/g, ' '), LATEST_SUMMARY_CHARS, { atWord: true }))] : []),
  ]);
  return {
    text: [],
    cards: [{ title: posts.length === 1 ? 'The newest post' : `The ${posts.length} newest posts`, body: lines.flat() }],
    private: false,
    source,
  };
}

export function reloadReply(report: ReloadReport): Reply {
  const lines: Inline[][] = [[`Reloaded: ${report.postCount} post${report.postCount === 1 ? '' : 's'} served.`]];
  const list = (label: string, slugs: string[]) => {
    if (slugs.length > 0) lines.push([`${label} (${slugs.length}): `, user(truncate(slugs.join(', '), 600))]);
  };
  list('Added', report.added);
  list('Changed', report.changed);
  list('Removed', report.removed);
  if (report.added.length + report.changed.length + report.removed.length === 0) lines.push(['No post changed.']);
  if (report.problems.length > 0) {
    lines.push([`Files with problems (${report.problems.length}):`]);
    for (const problem of report.problems.slice(0, 15)) {
      lines.push(['• ', user(formatProblem(problem)), ...(problem.kept ? [' (last good version kept)'] : [])]);
    }
    if (report.problems.length > 15) lines.push([`…and ${report.problems.length - 15} more (run `, code('npm run check'), ').']);
  }
  if (report.drafts.length > 0) lines.push(['Drafts not served: ', user(report.drafts.map((draft) => draft.file).join(', '))]);
  return { text: lines.flatMap((line, i) => (i === 0 ? line : ['\n', ...line])), cards: [], private: true };
}

/** /post: one post's card (title, date, summary, link and first passage), or a private "no such post". */
export function postReply(post: PostDetail | undefined, typed: string): Reply {
  if (!post) {
    return {
      text: ['No post has a title like “', user(truncate(typed, 200)), '”. Pick one of the suggested titles, or see the newest with ', code('/latest'), '.'],
      cards: [],
      private: true,
      isError: true,
    };
  }
  // With no summary in its front matter, a post's summary is its first sentence: not shown twice.
  const summary = post.summary && !post.passage.startsWith(post.summary.replace(/…$/, '')) ? [user(post.summary), '\n\n'] : [];
  return {
    text: [],
    cards: [{ title: post.title, url: post.url, date: post.date, body: [...summary, quote({ text: post.passage, highlights: [] })] }],
    private: false,
    buttons: [{ url: post.url, label: 'Read the post', emoji: '📖' }],
  };
}

/** /help: what the bot can do, and questions to try that the blog answers today (`examples`, drawn from its posts). */
export function helpReply(examples: readonly string[]): Reply {
  const lines: Inline[][] = [
    [strong('I answer questions about the blog with excerpts from its posts.')],
    ['• ', code('/ask question:…'), ': the best-matching excerpts, with links (', code('private:true'), ' shows them to you only).'],
    ['• ', code('/post title:…'), ': one post, by its title (suggested as you type).'],
    ['• ', code('/latest'), ': the newest posts.'],
    ['• Right-click a message, then ', strong('Apps › Ask the blog'), ': an answer from that message’s text, shown to you only.'],
    ['• Mention me or send me a direct message with your question.'],
  ];
  if (examples.length > 0) {
    lines.push(['Try:']);
    for (const example of examples) lines.push(['• ', code(`/ask question:${example}`)]);
  }
  return { text: lines.flatMap((line, i) => (i === 0 ? line : ['\n', ...line])), cards: [], private: true };
}
