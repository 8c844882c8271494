/**
 * The UI kit's additions (issue #17): Button `disabled` (a button that cannot
 * submit; a link without its href), ConfirmDialog holding fields (inside its
 * POST form, before the confirm button; `open` after a refusal), FilterBar
 * text/date inputs (values kept, search box optional). Existing props render
 * as before. The Chromium side: tests/closing/closing-browser.test.ts (purge
 * dialog with fields, the tenants list's date filter).
 */
import { describe, expect, it } from 'vitest';
import { Button, ConfirmDialog, Field, FilterBar } from '../../src/web/components/ui.js';

const html = (node: unknown) => String(node);

describe('UI kit additions', () => {
  it('Button disabled: a button that cannot submit, a link without href', () => {
    expect(html(Button({ disabled: true, children: 'Go' }))).toMatch(
      /<button[^>]* disabled=""[^>]*>Go<\/button>/,
    );
    expect(html(Button({ children: 'Go' }))).not.toContain('disabled');
    const link = html(Button({ href: '/x', disabled: true, children: 'Go' }));
    expect(link).toContain('aria-disabled="true"');
    expect(link).not.toContain('href=');
    expect(html(Button({ href: '/x', children: 'Go' }))).toContain('href="/x"');
  });

  it('ConfirmDialog holds fields inside its form, before the confirm button; opens on request', () => {
    const out = html(
      ConfirmDialog({
        action: '/a',
        csrf: '',
        label: 'Purge…',
        confirmLabel: 'Purge',
        message: 'Sure?',
        open: true,
        children: Field({ name: 'reason', label: 'Reason', id: 'r' }),
      }),
    );
    expect(out).toMatch(/<details class="confirm" open="">/);
    const form = out.slice(out.indexOf('<form'), out.indexOf('</form>'));
    expect(form.indexOf('id="r"')).toBeGreaterThan(-1);
    expect(form.indexOf('id="r"')).toBeLessThan(form.indexOf('data-confirm'));
    // Without fields: as before (the form is the actions row, closed).
    const plain = html(ConfirmDialog({ action: '/a', csrf: '', label: 'Delete', message: 'Sure?' }));
    expect(plain).toContain('<form method="post" action="/a" class="form-actions">');
    expect(plain).not.toContain('open');
  });

  it('FilterBar takes text and date inputs and can leave the search box out', () => {
    const out = html(
      FilterBar({
        action: '/l',
        search: false,
        inputs: [
          { name: 'from', label: 'From', type: 'date', value: '2026-01-02' },
          { name: 'who', label: 'Who' },
        ],
        after: 'CLEAR',
      }),
    );
    expect(out).not.toContain('name="q"');
    expect(out).toContain('<input id="fb-from" name="from" type="date" value="2026-01-02"');
    expect(out).toContain('<input id="fb-who" name="who" type="text" value=""');
    expect(out).toContain('CLEAR');
    expect(html(FilterBar({ action: '/l', q: 'mug' }))).toContain('name="q" value="mug"');
  });
});
