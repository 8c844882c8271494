/**
 * Console page /console/jobs (apex, platform admins): each queue's counts,
 * the recent failures of a queue with their error, and a retry button —
 * both on the UI kit's DataTable.
 */
import { type Context, Hono } from 'hono';
import { requirePageUser } from '../../http/session.js';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { onlyOn, requirePlatformAdmin } from '../../lib/http/middleware.js';
import { knownQueues, queueCounts, recentFailures, retryFailedJob } from '../../modules/jobs/service.js';
import { Badge, Button, EmptyState } from '../components/ui.js';
import { type Column, DataTable } from '../components/ui-table.js';
import { noticeFrom, noticeQuery } from '../notices.js';
import { ConsoleLayout } from './layout.js';

/** The outbox's end-to-end test queue is plumbing, not work an operator watches. */
const HIDDEN_QUEUES = new Set(['test-events']);

type Ctx = Context<AppEnv>;

/** The only notices /console/jobs shows (see ../notices.ts). */
export const JOBS_NOTICES = { retried: 'Retried' } as const;

type Counts = Awaited<ReturnType<typeof queueCounts>>;
type Failures = Awaited<ReturnType<typeof recentFailures>>;

type QueueRow = Counts[number];
type FailureRow = Failures[number];

const QUEUE_COLUMNS: readonly Column<QueueRow>[] = [
  {
    key: 'name',
    label: 'Queue',
    render: (q) => <a href={`/console/jobs?queue=${encodeURIComponent(q.name)}`}>{q.name}</a>,
  },
  { key: 'waiting', label: 'Waiting', num: true, render: (q) => q.waiting },
  { key: 'active', label: 'Active', num: true, render: (q) => q.active },
  { key: 'delayed', label: 'Delayed', num: true, render: (q) => q.delayed },
  {
    key: 'failed',
    label: 'Failed',
    num: true,
    render: (q) => (q.failed > 0 ? <Badge tone="danger">{q.failed}</Badge> : q.failed),
  },
  { key: 'completed', label: 'Completed', num: true, render: (q) => q.completed },
];

function failureColumns(c: Ctx, queue: string): readonly Column<FailureRow>[] {
  return [
    {
      key: 'job',
      label: 'Job',
      render: (f) => (
        <>
          <strong>{f.name}</strong> #{f.id}
        </>
      ),
    },
    { key: 'error', label: 'Error', render: (f) => f.failedReason },
    { key: 'attempts', label: 'Attempts', num: true, render: (f) => f.attemptsMade },
    { key: 'tenant', label: 'Store', render: (f) => f.tenantId ?? '—' },
    {
      key: 'retry',
      label: <span class="visually-hidden">Retry</span>,
      render: (f) => (
        <form
          method="post"
          action={`/console/jobs/${encodeURIComponent(queue)}/${encodeURIComponent(f.id)}/retry`}
          style="margin:0"
        >
          {csrfInput(c)}
          <Button variant="secondary" size="sm">
            Retry
          </Button>
        </form>
      ),
    },
  ];
}

function FailuresSection({ c, queue, failures }: { c: Ctx; queue: string; failures: Failures }) {
  return (
    <section aria-labelledby="failed-h">
      <h2 id="failed-h">Recent failures in {queue}</h2>
      <DataTable
        columns={failureColumns(c, queue)}
        rows={failures}
        caption={`Recent failures in ${queue}`}
        empty={<EmptyState title="No failed jobs" body="Nothing in this queue has failed recently." />}
      />
    </section>
  );
}

async function jobsPage(c: Ctx) {
  const hub = c.get('deps').hub;
  const counts = await queueCounts(hub);
  // Only a known queue name is echoed back (the query is attacker-controlled).
  const requested = c.req.query('queue');
  const selected = requested && knownQueues().includes(requested) ? requested : undefined;
  const failures = selected ? await recentFailures(hub, selected) : [];
  const notice = noticeFrom(c, JOBS_NOTICES);
  return c.html(
    <ConsoleLayout title="Jobs" current="jobs" notice={notice ?? undefined}>
      <DataTable
        columns={QUEUE_COLUMNS}
        rows={counts.filter((q) => !HIDDEN_QUEUES.has(q.name))}
        caption="Queues"
      />
      {selected ? <FailuresSection c={c} queue={selected} failures={failures} /> : null}
    </ConsoleLayout>,
  );
}

export const jobsConsolePages = new Hono<AppEnv>();
const guard = [onlyOn('apex'), requirePageUser('/login'), requirePlatformAdmin()] as const;
jobsConsolePages.get('/console/jobs', ...guard, jobsPage);
jobsConsolePages.post('/console/jobs/:queue/:id/retry', ...guard, async (c) => {
  const queue = c.req.param('queue');
  await retryFailedJob(c.get('deps').hub, queue, c.req.param('id'));
  return c.redirect(`/console/jobs${noticeQuery(JOBS_NOTICES, 'retried', { queue })}`, 303);
});
