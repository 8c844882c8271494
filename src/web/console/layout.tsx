/** The console's page frame and the small helpers its pages share. */
import type { Child } from 'hono/jsx';
import { PlatformLayout } from '../platform/layout.js';

const CONSOLE_NAV = [
  { key: 'tenants', href: '/console', label: 'Tenants' },
  { key: 'audit', href: '/console/audit', label: 'Audit log' },
  { key: 'billing', href: '/console/billing', label: 'Revenue' },
  { key: 'jobs', href: '/console/jobs', label: 'Jobs' },
];

/** The console's page frame (other console pages may use it: current = 'billing' | 'jobs'). */
export function ConsoleLayout(props: {
  title: string;
  current: string;
  notice?: string;
  error?: string;
  children?: Child;
}) {
  return (
    <PlatformLayout title={`${props.title} · Console`} current="console" wide>
      <nav aria-label="Console" class="nav" style="margin:.5rem 0 1rem">
        <ul>
          {CONSOLE_NAV.map((n) => (
            <li>
              <a href={n.href} aria-current={n.key === props.current ? 'page' : undefined}>
                {n.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <h1>{props.title}</h1>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.error ? (
        <p class="notice error" role="alert">
          {props.error}
        </p>
      ) : null}
      {props.children}
    </PlatformLayout>
  );
}

/** Query strings with the empty fields left out. */
export const blankToUndef = (o: Record<string, string>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== ''));
export const ymd = (d?: Date) => (d && !Number.isNaN(d.getTime()) ? d.toISOString().slice(0, 10) : '');
