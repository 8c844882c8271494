/**
 * A deliberately small Markdown renderer for store content pages. It ESCAPES
 * all input first and then recognises a safe subset — headings (##, ###),
 * paragraphs, unordered and ordered lists, **bold**, *italic*, `code` and
 * [links](url) with http(s), mailto or site-relative URLs only — so a
 * merchant's page can never inject markup or script into the storefront.
 */
import { escapeHtml } from '../../lib/http/errors.js';

function safeUrl(url: string): string | undefined {
  const u = url.trim();
  if (/^https?:\/\/[^\s"<>]+$/i.test(u) || /^mailto:[^\s"<>]+$/i.test(u) || /^\/(?!\/)[^\s"<>]*$/.test(u))
    return u;
  return undefined;
}

/** Inline formatting on ALREADY-ESCAPED text. */
function inline(escaped: string): string {
  return escaped
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^*])\*([^*\s][^*]*)\*/g, '$1<em>$2</em>')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_m, text: string, href: string) => {
      // href was escaped with the rest; undo only the entity escaping for the check.
      const raw = href.replace(/&#(\d+);/g, (_x, n: string) => String.fromCharCode(Number(n)));
      const ok = safeUrl(raw);
      return ok ? `<a href="${escapeHtml(ok)}">${text}</a>` : text;
    });
}

export function renderMarkdown(source: string): string {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let para: string[] = [];
  let list: { tag: 'ul' | 'ol'; items: string[] } | undefined;
  const flushPara = () => {
    if (para.length) out.push(`<p>${inline(escapeHtml(para.join(' ')))}</p>`);
    para = [];
  };
  const flushList = () => {
    if (list)
      out.push(
        `<${list.tag}>${list.items.map((i) => `<li>${inline(escapeHtml(i))}</li>`).join('')}</${list.tag}>`,
      );
    list = undefined;
  };
  for (const line of lines) {
    const t = line.trim();
    const heading = /^(#{1,4})\s+(.*)$/.exec(t);
    const ul = /^[-*]\s+(.*)$/.exec(t);
    const ol = /^\d+[.)]\s+(.*)$/.exec(t);
    if (!t) {
      flushPara();
      flushList();
    } else if (heading) {
      flushPara();
      flushList();
      // A page's own title is the h1; content headings start at h2.
      const level = Math.min(Math.max(heading[1]!.length, 2), 4);
      out.push(`<h${level}>${inline(escapeHtml(heading[2]!))}</h${level}>`);
    } else if (ul || ol) {
      flushPara();
      const tag = ul ? 'ul' : 'ol';
      if (list && list.tag !== tag) flushList();
      list ??= { tag, items: [] };
      list.items.push((ul ?? ol)![1]!);
    } else {
      flushList();
      para.push(t);
    }
  }
  flushPara();
  flushList();
  return out.join('\n');
}
