/**
 * Building blocks for JSON routes: every JSON route is declared with
 * @hono/zod-openapi's `createRoute`, so validation and the OpenAPI 3.1
 * document (GET /api/openapi.json) come from the same zod schemas.
 *
 * Invalid input never reaches a handler: the default hook turns a failed
 * validation into 400 validation_failed with `issues`.
 */
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { validationError } from '../errors.js';
import type { AppEnv } from './context.js';

/** The shared text schema: no control characters or lone surrogates (src/lib/text.ts). */
export { zText } from '../text.js';
export { z };

export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error);
    },
  });
}

export const ZErrorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      requestId: z.string(),
    }),
  })
  .openapi('Error');

/** A required JSON request body. */
export function jsonBody<T extends z.ZodType>(schema: T, description?: string) {
  return { required: true, description, content: { 'application/json': { schema } } } as const;
}

export function jsonContent<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } } as const;
}

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input (validation_failed, invalid_json)',
  401: 'Not authenticated',
  403: 'Role too low',
  404: 'Not found (including another store’s resources)',
  409: 'Conflict',
  413: 'Body too large',
  429: 'Rate limited',
  503: 'Store unavailable',
};

/** Error responses for a route's OpenAPI entry. */
export function errorResponses(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      {
        description: ERROR_DESCRIPTIONS[s] ?? 'Error',
        content: { 'application/json': { schema: ZErrorBody } },
      },
    ]),
  );
}

/** Standard security schemes registered on the root app. */
export const BEARER = [{ bearerAuth: [] }];
