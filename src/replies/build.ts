// Where a reply's words are chosen: answers in three tiers (confident, "not sure — these may help", "no good match"),
// the latest posts and reload reports. The words are plain text, with someone else's words (a question, a title, a
// file name) marked as such: the renderers escape them.
import type { Answer, LatestPost, PostDetail } from '../answer.js';
import type { NewPost } from '../announcements.js';
import { formatProblem } from '../content/post.js';
import type { ReloadReport } from '../library.js';
import type { RefreshOutcome } from '../refresh.js';
import { truncate } from '../text/truncate.js';
import { code, link, quote, strong, user, type Inline, type Reply } from './reply.js';

export function answerReply(answer: Answer, options: { private?: boolean } = {}): Reply {
  const isPrivate = options.private ?? false;
  const source = { kind: 'answer', answer } as const;
  if (answer.keywords.length === 0) {
    // A greeting ("hello") or a question of common words only: a short hint, not a search.
    return {
      text: [
        'Your question has no words to search for. Try a few keywords, for example ',
        code('/ask kubernetes security'),
        ', or see what I can do with ',
        code('/help'),
        '.',
      ],
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
      text: [
        answer.results.length === 1
          ? 'The best match in the blog:'
          : `The ${answer.results.length} best matches in the blog:`,
      ],
      cards: answer.results.map((result) => ({
        title: result.title,
        url: result.link,
        date: result.date,
        body: [quote(result.excerpt)],
      })),
      footer,
      private: isPrivate,
      source,
    };
  }
  if (answer.related.length > 0) {
    const these = answer.related.length === 1 ? 'this post may help' : 'these posts may help';
    return {
      text: ['Not sure — no post clearly answers ', ...asked, `, but ${these}:`],
      cards: answer.related.map((post) => ({
        title: post.title,
        url: post.link,
        date: post.date,
        body: [quote(post.excerpt)],
        uncertain: 'not sure',
      })),
      footer,
      private: isPrivate,
      source,
    };
  }
  const text = [
    'No good match in the blog for ',
    ...asked,
    '.\nTry other words, or see the newest posts with ',
    code('/latest'),
    '.',
  ];
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
    ...(post.summary
      ? [' — ', user(truncate(post.summary.replace(/\s+/g, ' '), LATEST_SUMMARY_CHARS, { atWord: true }))]
      : []),
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
  // A source that could not be read keeps its posts; what the sources said (a feed with summaries only) is shown too.
  for (const outcome of report.sources) {
    if (outcome.status === 'failed')
      lines.push([
        'Could not read ',
        user(outcome.label),
        ': ',
        user(outcome.reason ?? 'unknown error.'),
        ' Its last good posts are still served.',
      ]);
    for (const note of outcome.notes) lines.push(['Note: ', user(note)]);
  }
  if (report.problems.length > 0) {
    lines.push([`Files with problems (${report.problems.length}):`]);
    for (const problem of report.problems.slice(0, 15)) {
      lines.push(['• ', user(formatProblem(problem)), ...(problem.kept ? [' (last good version kept)'] : [])]);
    }
    if (report.problems.length > 15)
      lines.push([`…and ${report.problems.length - 15} more (run `, code('npm run check'), ').']);
  }
  if (report.drafts.length > 0)
    lines.push(['Drafts not served: ', user(report.drafts.map((draft) => draft.file).join(', '))]);
  return { text: lines.flatMap((line, i) => (i === 0 ? line : ['\n', ...line])), cards: [], private: true };
}

/** New posts are announced one message each, up to this many at once; more become one message naming how many. */
export const ANNOUNCED_ONE_BY_ONE = 5;

/**
 * New posts (oldest first) as announcements: each with its title, date, summary and a "Read the post" button; more
 * than ANNOUNCED_ONE_BY_ONE at once become one message with the count and the newest ones, so a blog that publishes
 * its archive at once never floods the channel. `roleId` (ANNOUNCE_ROLE_ID) is pinged, and only it.
 */
export function announcementReplies(posts: readonly NewPost[], options: { roleId?: string } = {}): Reply[] {
  const ping = options.roleId ? { pingRoles: [options.roleId] } : {};
  const mention = options.roleId ? `<@&${options.roleId}> ` : '';
  const card = (post: NewPost) => ({
    title: post.title,
    url: post.url,
    date: post.date,
    body: post.summary ? [user(post.summary)] : [],
  });
  if (posts.length <= ANNOUNCED_ONE_BY_ONE) {
    return posts.map((post) => ({
      text: [`${mention}New on the blog:`],
      cards: [card(post)],
      buttons: [{ url: post.url, label: 'Read the post' }],
      private: false,
      ...ping,
    }));
  }
  const newest = [...posts].reverse().slice(0, ANNOUNCED_ONE_BY_ONE);
  return [
    {
      text: [`${mention}${posts.length} new posts on the blog. The ${newest.length} newest:`],
      cards: newest.map(card),
      buttons: newest.map((post) => ({ url: post.url, label: post.title })),
      private: false,
      ...ping,
    },
  ];
}

/**
 * An automatic refresh, for the log channel: the reload's report (or why nothing could be read), and when it tries
 * again.
 */
export function refreshReply(outcome: RefreshOutcome): Reply {
  const next: Inline[] = outcome.retryInMs > 0 ? [`\nNext check in ${wait(outcome.retryInMs)}.`] : [];
  if (outcome.status === 'failed') {
    return {
      text: [
        'Automatic refresh failed: ',
        user(outcome.reason),
        ' The posts already loaded are still served.',
        ...next,
      ],
      cards: [],
      private: false,
    };
  }
  return { text: ['Automatic refresh. ', ...reloadReply(outcome.report).text, ...next], cards: [], private: false };
}

/** A wait in words: "45 s", "30 min", "2 h". */
function wait(ms: number): string {
  if (ms < 60_000) return `${Math.max(1, Math.round(ms / 1000))} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round((ms / 3_600_000) * 10) / 10} h`;
}

/** While the blog could not be read yet (a web source down at start): every answer says so. */
export function notLoadedReply(): Reply {
  return {
    text: ["The blog's content isn't loaded yet, try again in a minute."],
    cards: [],
    private: true,
    isError: true,
  };
}

/** /post: one post's card (title, date, summary, link and first passage), or a private "no such post". */
export function postReply(post: PostDetail | undefined, typed: string): Reply {
  if (!post) {
    // Only the console lets /post through without a title (Discord requires one).
    const what: Inline[] =
      typed.trim() === ''
        ? ['Which post? Give its title after ', code('/post'), '.']
        : ['No post has a title like “', user(truncate(typed, 200)), '”.'];
    return {
      text: [...what, ' Pick one of the suggested titles, or see the newest with ', code('/latest'), '.'],
      cards: [],
      private: true,
      isError: true,
    };
  }
  // With no summary in its front matter, a post's summary is its first sentence: not shown twice.
  const summary =
    post.summary && !post.passage.startsWith(post.summary.replace(/…$/, '')) ? [user(post.summary), '\n\n'] : [];
  return {
    text: [],
    cards: [
      {
        title: post.title,
        url: post.url,
        date: post.date,
        body: [...summary, quote({ text: post.passage, highlights: [] })],
      },
    ],
    private: false,
    buttons: [{ url: post.url, label: 'Read the post', emoji: '📖' }],
  };
}

/** /help: what the bot can do, and questions to try that the blog answers today (`examples`, drawn from its posts). */
export function helpReply(examples: readonly string[]): Reply {
  const lines: Inline[][] = [
    [strong('I answer questions about the blog with excerpts from its posts.')],
    [
      '• ',
      code('/ask question:…'),
      ': the best-matching excerpts, with links (',
      code('private:true'),
      ' shows them to you only).',
    ],
    ['• ', code('/post title:…'), ': one post, by its title (suggested as you type).'],
    ['• ', code('/latest'), ': the newest posts.'],
    [
      '• Right-click a message, then ',
      strong('Apps › Ask the blog'),
      ': an answer from that message’s text, shown to you only.',
    ],
    ['• Mention me or send me a direct message with your question.'],
  ];
  if (examples.length > 0) {
    lines.push(['Try:']);
    for (const example of examples) lines.push(['• ', code(`/ask question:${example}`)]);
  }
  return { text: lines.flatMap((line, i) => (i === 0 ? line : ['\n', ...line])), cards: [], private: true };
}
