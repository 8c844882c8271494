/**
 * The auth module's answers for the role guards of src/lib/http/middleware.ts
 * (`requireStoreRole`, `requirePlatformAdmin`), which stay plumbing that
 * imports no module: src/app.ts hands these to `requestContext`, which puts
 * them in every request's context.
 */
import type { AccessLookups } from '../lib/http/context.js';
import { getStoreRole, isPlatformAdmin } from '../modules/auth/access.js';

export const accessLookups: AccessLookups = { storeRole: getStoreRole, isPlatformAdmin };
