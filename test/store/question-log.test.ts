// The question log: what it keeps, that it keeps it across restarts, votes, the LOG_QUESTIONS switch and privacy.
// Failure modes, retention and concurrency have files of their own.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { questionId, SqliteQuestionLog } from '../../src/store/question-log.js';
import { askedQuestion, scrubMentions } from '../../src/store/questions.js';
import { MEMBER_KEY_FILE } from '../../src/store/member-key.js';
import { answer, memoryLogger, result, tempDir } from '../content/factories.js';
import { ask, asked, countQuestions, NOON, peek, testLog, unanswered } from './factories.js';

const MEMBER = '412345678901234567';
const OTHER_MEMBER = '412345678901234568';

describe('the question log', () => {
  it('keeps each question with its source, guild, keywords, best post, confidence, results and time', () => {
    const { questions, dataDir } = testLog();
    const id = ask(
      questions,
      asked({
        source: 'mention',
        question: 'How do I turn a compost heap?',
        keywords: ['turn', 'compost', 'heap'],
        topSlug: 'compost',
        confidence: 0.71,
        results: 3,
        tookMs: 2.25,
      }),
    );
    ask(questions, unanswered('best chocolate cake', ['best', 'chocolate', 'cake'], { source: 'dm', guildId: null }));
    const rows = peek<Record<string, unknown>>(dataDir, 'SELECT * FROM questions ORDER BY abstained');
    expect(rows).toEqual([
      {
        id,
        asked_at: NOON,
        source: 'mention',
        guild_id: '100000000000000001',
        question: 'How do I turn a compost heap?',
        keywords: '["turn","compost","heap"]',
        topic: 'compost heap turn',
        top_slug: 'compost',
        confidence: 0.71,
        abstained: 0,
        results: 3,
        took_ms: 2.25,
      },
      expect.objectContaining({
        source: 'dm',
        guild_id: null,
        question: 'best chocolate cake',
        top_slug: null,
        confidence: null,
        abstained: 1,
        results: 0,
      }),
    ]);
  });

  it('gives every question its own short id in time order, fit for a button (custom_id ≤ 100 characters)', () => {
    const { questions } = testLog();
    const ids = Array.from({ length: 200 }, () => questions.record(asked()));
    expect(new Set(ids).size).toBe(200);
    expect(questionId(NOON + 1) > questionId(NOON)).toBe(true);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{24}$/);
  });

  it('takes the log entry from an answer: the best result, or an abstention', () => {
    const found = askedQuestion(
      answer({
        query: 'compost heap',
        keywords: ['compost', 'heap'],
        results: [result({ slug: 'compost', confidence: 0.9 }), result({ slug: 'soil' })],
        tookMs: 3,
      }),
      'slash',
      '1',
    );
    expect(found).toEqual({
      source: 'slash',
      guildId: '1',
      question: 'compost heap',
      keywords: ['compost', 'heap'],
      topSlug: 'compost',
      confidence: 0.9,
      abstained: false,
      results: 2,
      tookMs: 3,
    });
    const none = askedQuestion(answer({ query: 'cake', keywords: ['cake'], results: [] }), 'dm', null);
    expect(none).toMatchObject({ topSlug: null, confidence: null, abstained: true, results: 0, guildId: null });
  });

  it('is still there after a restart', () => {
    const first = testLog();
    ask(first.questions, asked({ question: 'before the restart' }));
    first.questions.close();
    const second = testLog({ dataDir: first.dataDir });
    ask(second.questions, asked({ question: 'after the restart' }));
    const stats = second.questions.stats(7);
    expect(stats).toMatchObject({ ok: true, value: { questions: 2 } });
    expect(
      peek<{ question: string }>(first.dataDir, 'SELECT question FROM questions ORDER BY question').map(
        (row) => row.question,
      ),
    ).toEqual(['after the restart', 'before the restart']);
  });

  it('writes what is still queued when it closes', () => {
    const { questions, dataDir } = testLog();
    questions.record(asked());
    questions.record(asked());
    questions.close();
    expect(countQuestions(dataDir)).toBe(2);
  });

  it('reads zero everywhere, and creates nothing, before anything was asked', () => {
    const { questions, dataDir } = testLog();
    const stats = questions.stats(7);
    expect(stats).toMatchObject({
      ok: true,
      value: { questions: 0, answered: 0, unanswered: 0, topUnanswered: [], topPosts: [], feedback: [] },
    });
    expect(existsSync(dataDir)).toBe(false);
  });
});

describe('LOG_QUESTIONS=false', () => {
  it('stores nothing: no id, no file, no vote, and reading says there is nothing', () => {
    const { questions, dataDir } = testLog({ enabled: false });
    expect(questions.enabled).toBe(false);
    expect(ask(questions)).toBeUndefined();
    expect(questions.vote('some-id', MEMBER, 'up')).toBe(false);
    questions.startRetention();
    questions.close();
    expect(existsSync(dataDir)).toBe(false);
    expect(questions.stats(30)).toMatchObject({ ok: true, value: { questions: 0 } });
  });
});

describe('feedback', () => {
  it('counts one vote per member and answer; voting again changes it', () => {
    const { questions, dataDir } = testLog();
    const id = ask(questions)!;
    expect(questions.vote(id, MEMBER, 'up')).toBe(true);
    expect(questions.vote(id, MEMBER, 'up')).toBe(true);
    expect(questions.vote(id, OTHER_MEMBER, 'up')).toBe(true);
    expect(peek(dataDir, 'SELECT vote FROM feedback ORDER BY vote')).toEqual([{ vote: 1 }, { vote: 1 }]);
    expect(questions.vote(id, MEMBER, 'down')).toBe(true);
    expect(questions.stats(1)).toMatchObject({ ok: true, value: { feedback: [{ slug: 'compost', up: 1, down: 1 }] } });
  });

  it('takes a vote on a question still waiting to be written', () => {
    const { questions } = testLog();
    const id = questions.record(asked())!;
    expect(questions.vote(id, MEMBER, 'down')).toBe(true);
    expect(questions.stats(1)).toMatchObject({ ok: true, value: { feedback: [{ slug: 'compost', up: 0, down: 1 }] } });
  });

  it('does not store a vote on a question it does not hold', () => {
    const { questions, dataDir } = testLog();
    ask(questions);
    expect(questions.vote('no-such-question', MEMBER, 'up')).toBe(false);
    expect(peek(dataDir, 'SELECT * FROM feedback')).toEqual([]);
  });
});

describe('privacy', () => {
  it('never stores a member id: votes carry a keyed hash, mentions in questions are replaced', () => {
    const { questions, dataDir } = testLog();
    const id = ask(
      questions,
      asked({ question: `what did <@${MEMBER}> and <@!${OTHER_MEMBER}> say to <@&523456789012345678>?` }),
    )!;
    questions.vote(id, MEMBER, 'up');
    questions.vote(id, OTHER_MEMBER, 'down');
    questions.close();
    expect(peek(dataDir, 'SELECT question FROM questions')).toEqual([
      { question: 'what did @member and @member say to @role?' },
    ]);
    const voters = peek<{ voter: string }>(dataDir, 'SELECT voter FROM feedback').map((row) => row.voter);
    expect(voters).toHaveLength(2);
    for (const voter of voters) expect(voter).toMatch(/^[0-9a-f]{64}$/);
    // Not in any file of DATA_DIR (database, its journal, the key), in any form a lookup could use.
    for (const file of readdirSync(dataDir)) {
      const bytes = readFileSync(path.join(dataDir, file));
      for (const member of [MEMBER, OTHER_MEMBER]) {
        expect(bytes.includes(member)).toBe(false);
        expect(bytes.includes(Buffer.from(member, 'utf16le'))).toBe(false);
      }
    }
  });

  it('keeps the hash key in DATA_DIR, readable by its owner only, and a new key gives new hashes', () => {
    const first = testLog();
    first.questions.vote(ask(first.questions)!, MEMBER, 'up');
    expect(statSync(path.join(first.dataDir, MEMBER_KEY_FILE)).mode & 0o777).toBe(0o600);
    const second = testLog();
    second.questions.vote(ask(second.questions)!, MEMBER, 'up');
    const hashOf = (dataDir: string) => peek<{ voter: string }>(dataDir, 'SELECT voter FROM feedback')[0]!.voter;
    expect(hashOf(first.dataDir)).not.toBe(hashOf(second.dataDir));
  });

  it('replaces every kind of member and role mention', () => {
    expect(scrubMentions('<@1234> <@!5678> <@&91011> <#1213> plain 1234')).toBe(
      '@member @member @role <#1213> plain 1234',
    );
  });
});

describe('a question log made by hand', () => {
  it('works with only the required options (default clock, retry and timeout)', () => {
    const dataDir = path.join(tempDir(), 'data');
    const questions = new SqliteQuestionLog({ dataDir, enabled: true, retentionDays: 90, log: memoryLogger().log });
    const id = ask(questions);
    expect(questions.vote(id!, MEMBER, 'up')).toBe(true);
    questions.close();
    expect(countQuestions(dataDir)).toBe(1);
  });
});
