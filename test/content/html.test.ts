// HTML from the web as the Markdown and text the bot reads: structure kept, what a reader does not read dropped.
import { describe, expect, it } from 'vitest';
import { htmlToMarkdown, htmlToText } from '../../src/content/html.js';
import { toParagraphs } from '../../src/content/paragraphs.js';

describe('htmlToMarkdown', () => {
  it('keeps paragraphs, headings, lists, quotes and code as toParagraphs reads them', () => {
    const html =
      '<!-- wp:paragraph --><p>Hello <b>world</b> &amp; a_b *c*.</p><h2>Next ' +
      '<em>step</em></h2><ul><li>one</li><li>two</li></ul><blockquote><p>quoted</p></blockquote><pre><code>let a = ' +
      '1;\n\nlet b;</code></pre><p>Line<br>break</p>';
    expect(toParagraphs(htmlToMarkdown(html))).toEqual([
      { text: 'Hello world & a_b c.', heading: '' },
      { text: '• one\n• two', heading: 'Next step' },
      { text: 'quoted', heading: 'Next step' },
      { text: '`let a = 1;`\n\n`let b;`', heading: 'Next step' },
      { text: 'Line\nbreak', heading: 'Next step' },
    ]);
  });

  it('drops scripts, styles, frames, forms and media, and the addresses of javascript: links', () => {
    const markdown = htmlToMarkdown(
      '<p>Read <a href=" java\tscript:alert(1)">this</a> or <a ' +
        'href="https://b.example/x">that</a>.</p><script>steal()</script><style>p{}</style><iframe ' +
        'src="https://x.example">frame</iframe><form><button>Send</button></form>' +
        '<video><p>fallback</p></video><svg><text>drawn</text></svg>',
    );
    expect(markdown).toBe('Read this or [that](https://b.example/x).');
  });

  it('writes no backslash escapes, which answers would show', () => {
    expect(htmlToMarkdown('<p>1. item_name [x] *y*</p>')).toBe('1. item_name [x] *y*');
  });

  it('gives nothing for empty HTML', () => {
    expect(htmlToMarkdown('  \n ')).toBe('');
  });
});

describe('htmlToText', () => {
  it('decodes entities, drops tags and scripts, collapses whitespace', () => {
    expect(
      htmlToText('<p>Rock &amp; roll &#8217;n&#8217; <em>more</em></p>\n<script>x()</script><p>[&hellip;]</p>'),
    ).toBe('Rock & roll ’n’ more […]');
  });

  it('keeps a lone < or & as text', () => {
    expect(htmlToText('a < b & c')).toBe('a < b & c');
  });
});
