// Strips what a static-site generator would have run or rendered, so that only the words a reader sees are indexed:
// Hugo shortcodes ({{< … >}}, {{% … %}}), Jekyll/Eleventy Liquid tags ({% … %}), MDX/JSX component tags, and in
// .mdx files their import/export lines and {/* comments */}. Code fences are left exactly as written.

const SHORTCODES = /\{\{<[\s\S]*?>\}\}|\{\{%[\s\S]*?%\}\}|\{%[\s\S]*?%\}/g;
/**
 * JSX components are capitalised (<Figure …>, </Figure>, <Chart … />) or fragments (<>, </>); attributes may span
 * lines.
 */
const JSX_TAGS = /<\/?[A-Z][\w.]*(?:\s(?:[^<>{}]|\{[^{}]*\})*)?\/?>|<\/?>/g;
const MDX_COMMENTS = /\{\/\*[\s\S]*?\*\/\}/g;

export function cleanBody(markdown: string, options: { mdx: boolean }): string {
  // Nothing to strip in almost every plain Markdown file: hand it back untouched.
  if (!options.mdx && !markdown.includes('{{') && !markdown.includes('{%') && !/<\/?[A-Z>]/.test(markdown))
    return markdown;
  const out: string[] = [];
  let prose: string[] = [];
  const flushProse = () => {
    if (prose.length === 0) return;
    let text = prose.join('\n').replace(SHORTCODES, '').replace(JSX_TAGS, '');
    if (options.mdx) text = withoutEsm(text.replace(MDX_COMMENTS, ''));
    out.push(text);
    prose = [];
  };
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const marker = /^\s*(```|~~~)/.exec(line)?.[1];
    if (fence === undefined && marker) {
      flushProse();
      fence = marker;
      out.push(line);
    } else if (fence !== undefined) {
      out.push(line);
      if (marker === fence) fence = undefined;
    } else {
      prose.push(line);
    }
  }
  flushProse();
  return out.join('\n');
}

/** MDX's import/export statements run until the next blank line. */
function withoutEsm(text: string): string {
  const kept: string[] = [];
  let inStatement = false;
  for (const line of text.split('\n')) {
    if (!inStatement && /^(import|export)\b/.test(line)) inStatement = true;
    if (inStatement) {
      if (line.trim() === '') {
        inStatement = false;
        kept.push(line);
      }
      continue;
    }
    kept.push(line);
  }
  return kept.join('\n');
}
