// Splits a post's text into its front matter (YAML between '---' lines, or TOML between '+++' lines, as Hugo writes
// it) and its body, parsing the front matter with js-yaml or smol-toml alone: no other front-matter language is run.
import yaml from 'js-yaml';
import { parse as parseToml, TomlDate } from 'smol-toml';

export type FrontMatter =
  | {
      ok: true;
      /** The keys and values; a TOML date is a TomlDate (a Date keeping what the author wrote). */
      data: Record<string, unknown>;
      body: string;
      /** The file's line (from 1) holding `key`, 1 when the key is absent. */
      lineOf: (key: string) => number;
      /** The text written after `key:` or `key =` on its line, undefined when the key is absent. */
      rawValue: (key: string) => string | undefined;
    }
  | { ok: false; line: number; reason: string };

const LANGUAGES = {
  '---': { name: 'YAML', closing: /^(---|\.\.\.)[ \t]*$/ },
  '+++': { name: 'TOML', closing: /^\+\+\+[ \t]*$/ },
} as const;

// JSON schema keeps YAML dates as the strings the author wrote, so an impossible date is caught, not rolled over.
const parseYaml = (source: string): unknown => yaml.safeLoad(source, { schema: yaml.JSON_SCHEMA });

/** `text` has \n line endings and no byte-order mark. */
export function readFrontMatter(text: string): FrontMatter {
  const fence = /^(---|\+\+\+)[ \t]*\n/.exec(text)?.[1] as keyof typeof LANGUAGES | undefined;
  if (!fence) {
    return {
      ok: false,
      line: 1,
      reason: "no front matter: the file must start with a '---' block holding title, date and url",
    };
  }
  const language = LANGUAGES[fence];
  const lines = text.split('\n');
  const closing = lines.findIndex((line, i) => i > 0 && language.closing.test(line));
  if (closing < 0) return { ok: false, line: 1, reason: `front matter is not closed: add a line '${fence}' after it` };
  const source = lines.slice(1, closing).join('\n');

  let loaded: unknown;
  try {
    loaded = language.name === 'YAML' ? parseYaml(source) : parseToml(source);
  } catch (error) {
    // Both count lines inside the block, which starts on the file's line 2: js-yaml from 0, smol-toml from 1.
    const yamlLine = (error as { mark?: { line?: number } }).mark?.line;
    const tomlLine = (error as { line?: number }).line;
    const inner =
      language.name === 'YAML'
        ? typeof yamlLine === 'number'
          ? yamlLine + 2
          : undefined
        : typeof tomlLine === 'number'
          ? tomlLine + 1
          : undefined;
    const line = inner === undefined ? 1 : Math.min(inner, closing);
    const reason =
      language.name === 'YAML'
        ? ((error as { reason?: string }).reason ?? 'unreadable')
        : ((error as Error).message.split('\n')[0] ?? 'unreadable').replace(/^Invalid TOML document:\s*/, '');
    return { ok: false, line, reason: `front matter is not valid ${language.name}: ${reason}` };
  }
  if (loaded === undefined || loaded === null) loaded = {};
  if (typeof loaded !== 'object' || Array.isArray(loaded))
    return { ok: false, line: 2, reason: 'front matter must be a list of "key: value" lines' };

  const frontLines = lines.slice(1, closing);
  const keyLine = (key: string) => new RegExp(`^["']?${key.replace(/[^\w]/g, '\\$&')}["']?\\s*[:=]\\s*`);
  const lineOf = (key: string): number => {
    const index = frontLines.findIndex((line) => keyLine(key).test(line));
    return index < 0 ? 1 : index + 2;
  };
  const rawValue = (key: string): string | undefined => {
    const line = frontLines.find((candidate) => keyLine(key).test(candidate));
    return line?.replace(keyLine(key), '').trim();
  };
  return {
    ok: true,
    data: loaded as Record<string, unknown>,
    body: lines.slice(closing + 1).join('\n'),
    lineOf,
    rawValue,
  };
}

/**
 * The calendar date an author wrote, YYYY-MM-DD, from a front-matter value: a date (`2020-01-02`) or a date and
 * time (`2020-01-02T10:00:00+01:00`, `2020-01-02 10:00:00 +0100`, as Hugo and Jekyll write them). The day is the
 * one written, not the day in UTC. A TOML date is read from `raw`, the text written: smol-toml rolls an impossible
 * date (Feb 30) over to the next month, which must be caught instead. Undefined when it is none of these.
 */
export function writtenDate(value: unknown, raw?: string): string | undefined {
  if (value instanceof TomlDate) return /^(\d{4}-\d{2}-\d{2})/.exec(raw ?? '')?.[1] ?? value.toISOString().slice(0, 10);
  const text = typeof value === 'string' ? value.trim() : undefined;
  if (text === undefined) return undefined;
  const match = /^(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?$/i.exec(text);
  return match?.[1];
}
