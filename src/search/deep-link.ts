// Links that land on the excerpt itself, with a URL text fragment (#:~:text=…) built from its first words.

const FRAGMENT_WORDS = 6;

export function textFragmentLink(url: string, excerptPlain: string): string {
  // Search pages and addresses that already carry a fragment would not scroll to the text.
  if (url.includes('?') || url.includes('#')) return url;
  const words = excerptPlain.replace(/^…/, '').split(/\s+/).filter(Boolean).slice(0, FRAGMENT_WORDS);
  const start = words.join(' ').replace(/[…]+$/, '');
  if (!start) return url;
  // '-', ',' and '&' have meanings inside a text fragment, so they are percent-encoded too.
  const encoded = encodeURIComponent(start).replace(/-/g, '%2D').replace(/,/g, '%2C').replace(/&/g, '%26');
  return `${url}#:~:text=${encoded}`;
}
