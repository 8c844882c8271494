/**
 * Layout probes for the admin's Chromium tests: controls whose text is cut
 * off, and tables that scroll sideways inside their own box (the page itself
 * does not overflow, so `horizontalOverflow` cannot see either).
 */
import type { Page } from 'playwright-core';

/**
 * Selects and date/time inputs narrower than they need to be to show their
 * whole text, and buttons/labels whose text overflows their box: each as
 * `tag "name": has W px, needs N px`. A select's need is its width with
 * `width:auto` and only its chosen option (that text plus padding and arrow),
 * a date input's its `width:auto` width, each measured on a clone in the same
 * place so it has the same font. Visually hidden labels are not looked at.
 */
export function clippedControls(page: Page, scope = 'main'): Promise<string[]> {
  return page.evaluate<string[]>(`(() => {
    const out = [];
    const root = document.querySelector(${JSON.stringify(scope)}) ?? document.body;
    const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden' && !el.closest('.visually-hidden');
    const natural = (el) => {
      const clone = el.cloneNode(true);
      clone.removeAttribute('id');
      // A select shows its chosen option: measure that one (a long option elsewhere in the list is fine).
      if (el.tagName === 'SELECT') {
        const keep = el.selectedIndex;
        [...clone.options].forEach((o, i) => { if (i !== keep) o.remove(); });
      }
      clone.style.cssText = 'width:auto!important;min-width:0!important;max-width:none!important;flex:none!important;position:absolute;visibility:hidden;left:0;top:0';
      el.parentNode.insertBefore(clone, el);
      const w = clone.getBoundingClientRect().width;
      clone.remove();
      return w;
    };
    for (const el of root.querySelectorAll('select, input[type=date], input[type=datetime-local], input[type=time], input[type=month]')) {
      if (!visible(el)) continue;
      const has = el.getBoundingClientRect().width;
      const needs = natural(el);
      if (has + 0.5 < needs) out.push(el.tagName.toLowerCase() + ' "' + (el.name || el.id) + '": has ' + Math.round(has) + ' px, needs ' + Math.round(needs) + ' px');
    }
    for (const el of root.querySelectorAll('button, a.btn, label, summary, .badge')) {
      if (!visible(el)) continue;
      if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0)
        out.push(el.tagName.toLowerCase() + ' "' + el.textContent.trim().slice(0, 40) + '": has ' + el.clientWidth + ' px, needs ' + el.scrollWidth + ' px');
    }
    return out;
  })()`);
}

/** Tables (or their .table-wrap box) that scroll sideways: `caption/label: scrollWidth > clientWidth`. */
export function sidewaysTables(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`(() => {
    const out = [];
    const boxes = new Set();
    for (const t of document.querySelectorAll('main table')) {
      if (t.getClientRects().length === 0) continue;
      const box = t.closest('.table-wrap') ?? t;
      if (boxes.has(box)) continue;
      boxes.add(box);
      // Any ancestor up to <main> that scrolls sideways counts too.
      let el = t;
      while (el && el.tagName !== 'MAIN') {
        if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible') {
          const name = box.getAttribute('aria-label') ?? t.querySelector('caption')?.textContent ?? t.querySelector('th')?.textContent ?? 'table';
          out.push(name.trim() + ': ' + el.scrollWidth + ' > ' + el.clientWidth);
          break;
        }
        el = el.parentElement;
      }
    }
    return out;
  })()`);
}
