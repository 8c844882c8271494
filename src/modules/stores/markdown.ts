/**
 * Markdown for store content pages (about, shipping, returns…), rendered by
 * markdown-it with raw HTML DISABLED: a merchant's page can never inject
 * markup or script into the storefront. Links are kept only for http(s),
 * mailto and site-relative URLs (markdown-it's validateLink, narrowed here);
 * bare URLs are linkified under the same rule. Headings start at h2 (the
 * page's own title is its h1); links leaving the store get rel="nofollow
 * noopener".
 */
import MarkdownIt from 'markdown-it';

const SAFE_URL = /^(?:https?:\/\/|mailto:|\/(?!\/))/i;

const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });
md.validateLink = (url: string) => SAFE_URL.test(url.trim());

md.core.ruler.push('storeloom_headings_and_links', (state) => {
  for (const t of state.tokens) {
    if ((t.type === 'heading_open' || t.type === 'heading_close') && t.tag === 'h1') t.tag = 'h2';
    for (const c of t.children ?? []) {
      if (c.type === 'link_open' && /^(?:https?:)?\/\//i.test(String(c.attrGet('href') ?? ''))) {
        c.attrSet('rel', 'nofollow noopener');
      }
    }
  }
});

export function renderMarkdown(source: string): string {
  return md.render(source).trimEnd();
}
