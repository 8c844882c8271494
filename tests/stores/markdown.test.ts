/** Content-page Markdown (markdown-it, html disabled): formatting, safe links only, no raw HTML. */
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/modules/stores/markdown.js';

describe('content page Markdown', () => {
  it('renders headings (from h2), emphasis, code and lists', () => {
    expect(renderMarkdown('# Title\n\n## Sub\n\nA **b** *i* `c`\n\n- one\n- two\n\n1. x\n2. y')).toBe(
      '<h2>Title</h2>\n<h2>Sub</h2>\n<p>A <strong>b</strong> <em>i</em> <code>c</code></p>\n' +
        '<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<ol>\n<li>x</li>\n<li>y</li>\n</ol>',
    );
  });

  it('never lets raw HTML through', () => {
    expect(renderMarkdown('<img src=x onerror=alert(1)>')).toBe('<p>&lt;img src=x onerror=alert(1)&gt;</p>');
    expect(renderMarkdown('<script>alert(1)</script>')).not.toContain('<script');
    expect(renderMarkdown('`<b>`')).toBe('<p><code>&lt;b&gt;</code></p>');
  });

  it('keeps only http(s), mailto and site-relative links', () => {
    expect(renderMarkdown('[a](https://example.com/x)')).toBe(
      '<p><a href="https://example.com/x" rel="nofollow noopener">a</a></p>',
    );
    expect(renderMarkdown('[ship](/pages/shipping)')).toBe('<p><a href="/pages/shipping">ship</a></p>');
    expect(renderMarkdown('[mail](mailto:hi@example.com)')).toBe(
      '<p><a href="mailto:hi@example.com">mail</a></p>',
    );
    for (const bad of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,x',
      '//evil.example/x',
      'vbscript:x',
    ]) {
      expect(renderMarkdown(`[x](${bad})`)).not.toContain('<a ');
    }
    // Quotes in a URL are encoded, never break out of the attribute.
    expect(renderMarkdown('[a](https://example.com/?q="x")')).toContain(
      'href="https://example.com/?q=%22x%22"',
    );
  });

  it('links bare URLs safely', () => {
    expect(renderMarkdown('See https://example.com today')).toBe(
      '<p>See <a href="https://example.com" rel="nofollow noopener">https://example.com</a> today</p>',
    );
  });
});
