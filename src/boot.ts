/**
 * Booting the platform's shared parts, in the order they depend on each other:
 * database (embedded or DATABASE_URL) → migrations (when enabled) → app-role
 * pool (checked to be unable to bypass RLS) → signing keys → queues.
 * Used by the API process (src/main.ts), the worker process (workers/main.ts)
 * and the test suite.
 */
import { createKeyStore, loadSigningKeys } from './lib/auth/keys.js';
import type { Config } from './lib/config.js';
import { type ChangeListener, startChangeListener } from './lib/db/change-listener.js';
import { assertAppRole, createDb, createPool, type Db } from './lib/db/index.js';
import { migrateToLatest } from './lib/db/migrate.js';
import { appDatabaseUrl } from './lib/db/roles.js';
import { type EmbeddedDb, startEmbeddedDb } from './lib/embedded-db.js';
import type { Deps } from './lib/http/context.js';
import { ReadCache } from './lib/http/read-cache.js';
import type { Logger } from './lib/logger.js';
import { reportSize } from './lib/memory-probe.js';
import { watchPool } from './lib/metrics.js';
import { createQueueHub, migrateQueueBackend, type QueueBackendConfig } from './lib/queue.js';
import {
  CATALOG_NOTICE_CHANNEL,
  CATALOG_STOCK_POLL_MS,
  parseCatalogNotice,
} from './modules/catalog/store-cache.js';
import { type ServeCache, serveCacheFor } from './modules/recommendations/serve-cache.js';
import { attachChromeNotices, noteChromeNotice, resyncChrome } from './modules/stores/chrome-cache.js';
import { attachSiteNotices, noteSiteNotice, resyncSites } from './modules/tenancy/site.js';

export interface Platform {
  deps: Deps;
  /** Owner connection: migrations and maintenance only, never request work. */
  ownerDb: Db;
  ownerUrl: string;
  queueConfig: QueueBackendConfig;
  close(): Promise<void>;
}

export function queueConfigFor(config: Config, ownerUrl: string): QueueBackendConfig {
  if (config.QUEUE_REDIS_CLUSTER)
    return { kind: 'redis-cluster', nodes: config.QUEUE_REDIS_CLUSTER.split(',') };
  return config.REDIS_URL
    ? { kind: 'redis', url: config.REDIS_URL }
    : { kind: 'postgres', connectionString: ownerUrl };
}

export async function bootPlatform(
  config: Config,
  logger: Logger,
  /**
   * notices: listen for change notices (API processes; see startReadCache); readCache: also
   * serve storefront reads from memory (implies notices).
   */
  opts: { migrate?: boolean; queuePrefix?: string; readCache?: boolean; notices?: boolean } = {},
): Promise<Platform> {
  let embedded: EmbeddedDb | undefined;
  let ownerUrl = config.DATABASE_URL;
  let appPassword = config.APP_DB_PASSWORD;
  if (!ownerUrl) {
    embedded = await startEmbeddedDb(config.dataDir, config.EMBEDDED_PG_PORT, logger);
    ownerUrl = embedded.ownerUrl;
    appPassword ??= embedded.appPassword;
  }
  const ownerPool = createPool({ connectionString: ownerUrl, max: 2, applicationName: 'storeloom-owner' });
  const ownerDb = createDb(ownerPool);
  const queueConfig = queueConfigFor(config, ownerUrl);
  try {
    if (opts.migrate ?? config.migrateOnStart) {
      const { applied } = await migrateToLatest(ownerDb, { appPassword });
      if (applied.length) logger.info({ applied }, 'migrations applied');
      await migrateQueueBackend(queueConfig);
    }
    const appUrl = appDatabaseUrl(ownerUrl, config.APP_DATABASE_URL, appPassword);
    const appPool = createPool({
      connectionString: appUrl,
      max: config.DB_POOL_SIZE,
      applicationName: 'storeloom-app',
    });
    watchPool('app', appPool);
    const db = createDb(appPool, { prepare: true });
    await assertAppRole(db);
    const keys = await createKeyStore(
      await loadSigningKeys({
        configured: config.JWT_SIGNING_KEYS,
        dataDir: config.dataDir,
        ephemeral: config.NODE_ENV === 'test',
      }),
      config.JWT_ISSUER,
    );
    const hub = createQueueHub(queueConfig, opts.queuePrefix ?? config.QUEUE_PREFIX);
    const reads =
      opts.readCache || opts.notices ? startReadCache(appUrl, logger, serveCacheFor(db)) : undefined;
    const readCache = opts.readCache ? reads?.cache : undefined;
    const deps: Deps = { config, db, hub, logger, keys, now: () => new Date(), readCache };
    return {
      deps,
      ownerDb,
      ownerUrl,
      queueConfig,
      async close() {
        await reads?.listener.close();
        await hub.close();
        await db.destroy();
        await ownerDb.destroy();
        if (embedded) await embedded.stop();
      },
    };
  } catch (err) {
    await ownerDb.destroy().catch(() => {});
    if (embedded) await embedded.stop().catch(() => {});
    throw err;
  }
}

/**
 * The storefront read cache of one API process and the PostgreSQL listener
 * that invalidates it (with STORE_READ_CACHE=0 the cache is kept but never
 * consulted; the listener still serves the Host and recommendation caches): catalog notices (migration 0270) bump what they name,
 * site notices (migration 0410, same channel) drop Host → store entries;
 * while the listener is down the cache serves nothing, and it starts empty
 * each time listening resumes.
 */
function startReadCache(
  appUrl: string,
  logger: Logger,
  /** The recommendation serving cache hears the same notices (its product cards: status, stock, price). */
  recommendations: ServeCache,
): { cache: ReadCache; listener: ChangeListener } {
  let listener: ChangeListener | undefined;
  const cache = new ReadCache({ isLive: () => listener?.live === true });
  reportSize('readCache.entries', () => cache.sizes.entries);
  reportSize('readCache.kB', () => Math.round(cache.sizes.bytes / 1024));
  reportSize('readCache.versions', () => cache.sizes.versions);
  recommendations.attachNotices(() => listener?.live === true);
  // The Host → store cache hears migration 0410's notices on the same channel.
  attachSiteNotices(() => listener?.live === true);
  // So does the store chrome cache, and migration 0450's chrome notices.
  attachChromeNotices(() => listener?.live === true);
  listener = startChangeListener({
    connectionString: appUrl,
    channel: CATALOG_NOTICE_CHANNEL,
    pollStockChanges: { everyMs: CATALOG_STOCK_POLL_MS },
    logger,
    onNotice(payload) {
      if (noteChromeNotice(payload)) return;
      if (noteSiteNotice(payload)) return;
      const n = parseCatalogNotice(payload);
      if (n) cache.bump(n.tenantId, n.scopes);
      if (n) recommendations.noteCatalogChange(n.tenantId, payload.split(' ')[1]);
    },
    onResync: () => {
      cache.resync();
      recommendations.resync();
      resyncSites();
      resyncChrome();
    },
  });
  return { cache, listener };
}
