// The shapes that content loading hands to the rest of the bot: valid posts, and problems found in files.

export interface Post {
  slug: string;
  title: string;
  /** Publication date, YYYY-MM-DD. */
  date: string;
  url: string;
  /** Markdown body without front matter, line endings normalised to \n. */
  body: string;
  /** Optional one-line summary from front matter. */
  summary?: string;
  /** Path relative to the content folder, with forward slashes. */
  file: string;
  /** Size and modification time of the file, used to tell whether it changed. */
  fingerprint: string;
}

export interface Problem {
  file: string;
  line: number;
  reason: string;
}

export function formatProblem(problem: Problem): string {
  return `${problem.file}:${problem.line}: ${problem.reason}`;
}
