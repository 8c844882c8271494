/** Shared bits of the customer-care admin pages: the section's sub-navigation, badges and fixed notices. */
import type { Context } from 'hono';
import type { AppEnv } from '../../lib/http/context.js';
import { Badge } from '../components/ui.js';

export const CARE_CSS = `.care-nav{display:flex;flex-wrap:wrap;gap:.5rem;margin:1rem 0}.care-nav a{padding:.3rem .7rem;border:1px solid var(--c-border);border-radius:1rem;text-decoration:none}
.care-nav a[aria-current=page]{background:var(--c-primary);color:var(--c-on-primary)}
.filters{display:flex;flex-wrap:wrap;gap:.75rem;align-items:end;margin:0 0 1rem}.filters label{display:flex;flex-direction:column;font-size:.9rem}
.thread{list-style:none;padding:0}.thread li{border:1px solid var(--c-border);border-radius:.5rem;padding:.6rem .9rem;margin:0 0 .6rem;white-space:pre-wrap;overflow-wrap:anywhere}
.thread li.staff{border-left:4px solid var(--c-primary)}.thread li.note{background:#fffbe6;border-left:4px solid #b7791f}
.thread .meta{font-size:.8rem;color:var(--c-muted);white-space:normal;display:block}
.care-form textarea{width:100%;min-height:6rem;box-sizing:border-box}.care-form{margin:0 0 1rem}
.table-wrap{overflow-x:auto}.row-actions form{display:inline-block;margin:.15rem .3rem .15rem 0}
.review-card{margin:0 0 1rem;overflow-wrap:anywhere}.review-card h3{margin:.3rem 0}
.bar{display:inline-block;height:.7rem;background:var(--c-primary);border-radius:.2rem;vertical-align:middle}`;

const SECTIONS = [
  { href: '/admin/tickets', label: 'Tickets' },
  { href: '/admin/canned-replies', label: 'Canned replies' },
  { href: '/admin/reviews', label: 'Reviews' },
  { href: '/admin/returns', label: 'Returns' },
  { href: '/admin/feedback', label: 'Feedback & settings' },
];

export function CareNav(props: { current: string }) {
  return (
    <>
      <style dangerouslySetInnerHTML={{ __html: CARE_CSS }} />
      <nav class="care-nav" aria-label="Customer care">
        {SECTIONS.map((s) => (
          <a href={s.href} aria-current={s.href === props.current ? 'page' : undefined}>
            {s.label}
          </a>
        ))}
      </nav>
    </>
  );
}

/** Fixed `?notice=` texts after a redirect (never reflects arbitrary text). */
export const CARE_NOTICES: Record<string, string> = {
  replied: 'Reply sent to the shopper.',
  noted: 'Internal note added.',
  updated: 'Ticket updated.',
  canned: 'Canned reply saved.',
  'canned-deleted': 'Canned reply deleted.',
  published: 'Review published.',
  rejected: 'Review rejected.',
  reply: 'Reply saved.',
  approved: 'Return approved; the shopper was e-mailed.',
  declined: 'Return declined; the shopper was e-mailed.',
  received: 'Return received.',
  refunded: 'Refund done; the shopper was e-mailed.',
  settings: 'Settings saved.',
};

export function noticeOf(c: Context<AppEnv>): string | undefined {
  return CARE_NOTICES[c.req.query('notice') ?? ''];
}

export function userIdOf(c: Context<AppEnv>): string {
  const p = c.get('principal');
  return p?.kind === 'user' ? p.userId : '';
}

export const shortTime = (iso: string) => iso.slice(0, 16).replace('T', ' ');

export const TICKET_STATUSES = ['open', 'pending', 'resolved', 'closed'] as const;

const SLA_TEXT = {
  met: ['ok', 'met'],
  missed: ['danger', 'missed'],
  due: ['warn', 'due'],
  overdue: ['danger', 'overdue'],
} as const;

export function SlaBadge(props: { label: string; value: keyof typeof SLA_TEXT }) {
  const [tone, text] = SLA_TEXT[props.value];
  return (
    <Badge tone={tone}>
      {props.label}: {text}
    </Badge>
  );
}

/** A filter-bar select (label above, options as value/label pairs, the current value selected). */
export function FilterSelect(props: {
  label: string;
  name: string;
  value: string | null | undefined;
  options: readonly { value: string; label: string }[];
}) {
  return (
    <label>
      {props.label}
      <select name={props.name}>
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === (props.value ?? '')}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export const statusOptions = TICKET_STATUSES.map((s) => ({ value: s, label: s }));
export const memberOptions = (members: readonly { userId: string; name: string | null; email: string }[]) =>
  members.map((m) => ({ value: m.userId, label: m.name || m.email }));
