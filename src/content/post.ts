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
  /** Tags from front matter (or the feed's categories), as written; absent when there are none. */
  tags?: string[];
  /** Categories from front matter, as written; absent when there are none. */
  categories?: string[];
  /** Path relative to the content folder, with forward slashes; for a web source, the post's address. */
  file: string;
  /** Size and modification time of the file (a hash of the item for a web source), used to tell whether it changed. */
  fingerprint: string;
}

export interface Problem {
  /** The file (relative to the content folder) or, for a web source, the address or item the problem is about. */
  file: string;
  /** Line in the file; 1 when the problem is about the whole file or item. */
  line: number;
  reason: string;
}

export function formatProblem(problem: Problem): string {
  return `${problem.file}:${problem.line}: ${problem.reason}`;
}
