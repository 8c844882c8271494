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
import { PlatformLayout } from '../platform/layout.js';

type Ctx = Context<AppEnv>;

async function jobsPage(c: Ctx) {
  const hub = c.get('deps').hub;
  const counts = await queueCounts(hub);
  const selected = c.req.query('queue');
  const failures = selected && knownQueues().includes(selected) ? await recentFailures(hub, selected) : [];
  return c.html(
    <PlatformLayout title="Jobs · Console" current="console" wide>
      <nav aria-label="Console" class="nav">
        <ul>
          <li>
            <a href="/console">Tenants</a>
          </li>
          <li>
            <a href="/console/jobs" aria-current="page">
              Jobs
            </a>
          </li>
        </ul>
      </nav>
      <h1>Queues</h1>
      {c.req.query('notice') ? <p role="status">{c.req.query('notice')}</p> : null}
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
      {selected ? (
        <section aria-labelledby="failed-h">
          <h2 id="failed-h">Recent failures in {selected}</h2>
          {failures.length === 0 ? <p>None.</p> : null}
          <ul>
            {failures.map((f) => (
              <li>
                <strong>{f.name}</strong> #{f.id} — {f.failedReason} ({f.attemptsMade} attempts
                {f.tenantId ? `, tenant ${f.tenantId}` : ''})
                <form
                  method="post"
                  action={`/console/jobs/${encodeURIComponent(selected)}/${encodeURIComponent(f.id)}/retry`}
                  style="display:inline"
                >
                  {csrfInput(c)}
                  <button type="submit">Retry</button>
                </form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </PlatformLayout>,
  );
}

export const jobsConsolePages = new Hono<AppEnv>();
const guard = [onlyOn('apex'), requirePageUser('/login'), requirePlatformAdmin()] as const;
jobsConsolePages.get('/console/jobs', ...guard, jobsPage);
jobsConsolePages.post('/console/jobs/:queue/:id/retry', ...guard, async (c) => {
  const queue = c.req.param('queue');
  await retryFailedJob(c.get('deps').hub, queue, c.req.param('id'));
  return c.redirect(`/console/jobs?queue=${encodeURIComponent(queue)}&notice=Retried`, 303);
});
