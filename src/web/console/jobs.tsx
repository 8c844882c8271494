/**
 * Console page /console/jobs (apex, platform admins): each queue's counts,
 * the recent failures of a queue with their error, and a retry button.
 */
import { type Context, Hono } from 'hono';
import { requirePageUser } from '../../http/session.js';
import type { AppEnv } from '../../lib/http/context.js';
import { csrfInput } from '../../lib/http/csrf.js';
import { onlyOn, requirePlatformAdmin } from '../../lib/http/middleware.js';
import { knownQueues, queueCounts, recentFailures, retryFailedJob } from '../../modules/jobs/service.js';
import { noticeFrom, noticeQuery } from '../notices.js';
import { ConsoleLayout } from './layout.js';

/** The outbox's end-to-end test queue is plumbing, not work an operator watches. */
const HIDDEN_QUEUES = new Set(['test-events']);

type Ctx = Context<AppEnv>;

/** The only notices /console/jobs shows (see ../notices.ts). */
export const JOBS_NOTICES = { retried: 'Retried' } as const;

type Counts = Awaited<ReturnType<typeof queueCounts>>;
type Failures = Awaited<ReturnType<typeof recentFailures>>;

function QueuesTable({ counts }: { counts: Counts }) {
  return (
    <table class="table">
      <thead>
        <tr>
          <th scope="col">Queue</th>
          <th scope="col">Waiting</th>
          <th scope="col">Active</th>
          <th scope="col">Delayed</th>
          <th scope="col">Failed</th>
          <th scope="col">Completed</th>
        </tr>
      </thead>
      <tbody>
        {counts.map((q) => (
          <tr>
            <td>
              <a href={`/console/jobs?queue=${encodeURIComponent(q.name)}`}>{q.name}</a>
            </td>
            <td>{q.waiting}</td>
            <td>{q.active}</td>
            <td>{q.delayed}</td>
            <td>{q.failed}</td>
            <td>{q.completed}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function FailuresSection({ c, queue, failures }: { c: Ctx; queue: string; failures: Failures }) {
  return (
    <section aria-labelledby="failed-h">
      <h2 id="failed-h">Recent failures in {queue}</h2>
      {failures.length === 0 ? <p>None.</p> : null}
      <ul>
        {failures.map((f) => (
          <li>
            <strong>{f.name}</strong> #{f.id} — {f.failedReason} ({f.attemptsMade} attempts
            {f.tenantId ? `, tenant ${f.tenantId}` : ''})
            <form
              method="post"
              action={`/console/jobs/${encodeURIComponent(queue)}/${encodeURIComponent(f.id)}/retry`}
              style="display:inline"
            >
              {csrfInput(c)}
              <button class="btn btn-secondary" type="submit">
                Retry
              </button>
            </form>
          </li>
        ))}
      </ul>
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
      <div class="table-wrap">
        <QueuesTable counts={counts.filter((q) => !HIDDEN_QUEUES.has(q.name))} />
      </div>
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
