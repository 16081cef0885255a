// Links that land on the excerpt itself, with a URL text fragment (#:~:text=…) built from its first words.
import { mapped } from './arrays.js';

const FRAGMENT_WORDS = 6;

export function textFragmentLink(url: string, excerptPlain: string): string {
  // Search pages and addresses that already carry a fragment would not scroll to the text.
  if (url.includes('?') || url.includes('#')) return url;
  // The page shows list bullets and numbers as markers, not as text, and a fragment is safest within one block:
  // the words are taken from the first line that has any, after the cut mark and any list marker.
  const lines = mapped(excerptPlain.replace(/^…/, '').split('\n'), (line) =>
    line.replace(/^\s*(?:[•*+-]|\d{1,3}[.)])\s+/, '').trim(),
  );
  const line = lines.find((candidate) => /[\p{L}\p{N}]/u.test(candidate)) ?? '';
  const words = line.split(/\s+/).filter(Boolean).slice(0, FRAGMENT_WORDS);
  const start = words.join(' ').replace(/[…]+$/, '');
  if (!/[\p{L}\p{N}]/u.test(start)) return url;
  // '-', ',' and '&' have meanings inside a text fragment, so they are percent-encoded too.
  const encoded = encodeURIComponent(start).replace(/-/g, '%2D').replace(/,/g, '%2C').replace(/&/g, '%26');
  return `${url}#:~:text=${encoded}`;
}
