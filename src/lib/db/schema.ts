/**
 * The database as Kysely sees it: one interface per migration area in
 * ./tables/, composed here. A new area adds a file and one `extends` entry.
 */
import type { AdminTables } from './tables/admin.js';
import type { AuthTables } from './tables/auth.js';
import type { BillingTables } from './tables/billing.js';
import type { CommerceTables } from './tables/commerce.js';
import type { ConsoleTables } from './tables/console.js';
import type { CustomerAccountTables } from './tables/customer-accounts.js';
import type { OrderHandlingTables } from './tables/order-handling.js';
import type { PaymentSettingsTables } from './tables/payment-settings.js';
import type { PlatformTables } from './tables/platform.js';
import type { PromotionRulesTables } from './tables/promotion-rules.js';
import type { StoresTables } from './tables/stores.js';
import type { WorkersTables } from './tables/workers.js';

export interface Database
  extends AuthTables,
    PlatformTables,
    CommerceTables,
    WorkersTables,
    BillingTables,
    StoresTables,
    OrderHandlingTables,
    PaymentSettingsTables,
    AdminTables,
    ConsoleTables,
    CustomerAccountTables,
    PromotionRulesTables {}
