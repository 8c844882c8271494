/**
 * Building blocks for JSON routes: every JSON route is declared with
 * @hono/zod-openapi's `createRoute`, so validation and the OpenAPI 3.1
 * document (GET /api/openapi.json) come from the same zod schemas.
 *
 * Invalid input never reaches a handler: the default hook turns a failed
 * validation into 400 validation_failed with `issues`.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
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

/** What a resource's CRUD routes need: its paths, schemas, who may read and write, and its service calls. */
export interface CrudRoutesSpec<Item extends z.ZodType, Create extends z.ZodType, Update extends z.ZodType> {
  /** The collection path; items live at `${path}/{id}`. */
  path: string;
  tags: string[];
  /** e.g. 'Price rules' — the list's description. */
  plural: string;
  item: Item;
  create: Create;
  update: Update;
  /** Middleware for reads (list, get) and for writes (create, update, delete): the role checks. */
  read: MiddlewareHandler<AppEnv>;
  write: MiddlewareHandler<AppEnv>;
  list: (c: Context<AppEnv>) => Promise<z.infer<Item>[]>;
  /** Absent: no GET of one item. */
  get?: (c: Context<AppEnv>, id: string) => Promise<z.infer<Item>>;
  add: (c: Context<AppEnv>, input: z.infer<Create>) => Promise<z.infer<Item>>;
  change: (c: Context<AppEnv>, id: string, input: z.infer<Update>) => Promise<z.infer<Item>>;
  remove: (c: Context<AppEnv>, id: string) => Promise<void>;
}

const ZItemId = z.object({ id: z.string() });

/**
 * The admin CRUD routes of one resource, each declared with createRoute (so
 * in the OpenAPI document and validated like every JSON route): GET list,
 * POST create (201), GET one (when `get` is given), PATCH (200), DELETE (204).
 * Handlers stay the resource's: the spec's service calls.
 */
export function crudRoutes<Item extends z.ZodType, Create extends z.ZodType, Update extends z.ZodType>(
  router: OpenAPIHono<AppEnv>,
  spec: CrudRoutesSpec<Item, Create, Update>,
): OpenAPIHono<AppEnv> {
  const base = { tags: spec.tags, security: BEARER };
  const one = `${spec.path}/{id}`;
  const idOf = (c: Context<AppEnv>) => (c.req.valid as (t: 'param') => { id: string })('param').id;
  const bodyOf = <T>(c: Context<AppEnv>) => (c.req.valid as (t: 'json') => T)('json');
  router.openapi(
    createRoute({
      ...base,
      method: 'get',
      path: spec.path,
      middleware: [spec.read] as const,
      responses: {
        200: jsonContent(z.object({ items: z.array(spec.item) }), spec.plural),
        ...errorResponses(401, 403, 404),
      },
    }),
    async (c) => c.json({ items: await spec.list(c) }, 200),
  );
  router.openapi(
    createRoute({
      ...base,
      method: 'post',
      path: spec.path,
      middleware: [spec.write] as const,
      request: { body: jsonBody(spec.create) },
      responses: { 201: jsonContent(spec.item, 'Created'), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => c.json(await spec.add(c, bodyOf<z.infer<Create>>(c)), 201),
  );
  const get = spec.get;
  if (get)
    router.openapi(
      createRoute({
        ...base,
        method: 'get',
        path: one,
        middleware: [spec.read] as const,
        request: { params: ZItemId },
        responses: { 200: jsonContent(spec.item, 'The item'), ...errorResponses(401, 403, 404) },
      }),
      async (c) => c.json(await get(c, idOf(c)), 200),
    );
  router.openapi(
    createRoute({
      ...base,
      method: 'patch',
      path: one,
      middleware: [spec.write] as const,
      request: { params: ZItemId, body: jsonBody(spec.update) },
      responses: { 200: jsonContent(spec.item, 'Updated'), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => c.json(await spec.change(c, idOf(c), bodyOf<z.infer<Update>>(c)), 200),
  );
  router.openapi(
    createRoute({
      ...base,
      method: 'delete',
      path: one,
      middleware: [spec.write] as const,
      request: { params: ZItemId },
      responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      await spec.remove(c, idOf(c));
      return c.body(null, 204);
    },
  );
  return router;
}
