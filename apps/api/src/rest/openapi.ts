import type { AnyRouter } from '@trpc/server';
import {
  generateOpenApiDocument,
  getInputOutputParsers,
  normalizePath,
  unwrapZodType,
  type OpenAPIObject,
  type OpenApiRouter,
  type SecuritySchemeObject,
} from 'trpc-to-openapi';
import { z } from 'zod';
import { createSchema } from 'zod-openapi';
import { acceptedBy } from '@klub/contracts';
import { parsePolicy, type Policy } from '../trpc/policy.js';
import { createRouteTable, type Route } from './route-table.js';

/**
 * The OpenAPI 3.1 document (api.md §11), generated once at boot from the same procedures
 * that serve `/api`, then corrected where trpc-to-openapi differs from the wire (stack.md §8):
 * trailing slashes restored, 201/204 restored, `security` derived from `meta.policy`, and
 * DRF error bodies instead of the library's `{message, code, issues}`.
 */

const SCOPE_TEXT: Record<string, string> = {
  read: 'Needed with an endpoint scope for GET',
  write: 'Needed with an endpoint scope for POST',
  can_create_profiles: 'Create/get donor profiles and payment channels',
  can_check_if_exist: 'Check that event / money-account slugs exist',
  can_create_interactions: 'Create "vizus" interactions',
  can_check_last_payments: 'Look up bank payments for a variable symbol',
  can_create_credit_card_payment: 'Record card payments',
  can_view_events: 'Documented for event access; not enforced (events are public)',
  can_view_administrative_units: 'Defined; not enforced (units are public)',
  can_create_userprofile_interaction: 'Get-or-create a person and log an interaction',
};

export const SECURITY_SCHEMES: Record<string, SecuritySchemeObject> = {
  jwt: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'JWT access token from `POST /api/token/` (api.md §3.2), sent as `Authorization: Bearer <jwt>`.',
  },
  oauth2: {
    type: 'oauth2',
    description: 'OAuth2 access token from `POST /api/o/token/` (api.md §3.1), sent as `Authorization: Bearer <token>`.',
    flows: {
      clientCredentials: { tokenUrl: '/api/o/token/', scopes: SCOPE_TEXT },
      password: { tokenUrl: '/api/o/token/', scopes: SCOPE_TEXT },
    },
  },
  basic: { type: 'http', scheme: 'basic', description: 'HTTP Basic with username and password.' },
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: 'sessionid',
    description: 'Browser session from `POST /api/auth/login/`; unsafe methods also need the `X-CSRFToken` header.',
  },
};

const USER_SECURITY: Array<Record<string, string[]>> = [{ jwt: [] }, { basic: [] }, { session: [] }, { oauth2: [] }];

/** The security requirements of a policy (any one of them suffices). */
export function securityFor(policy: Policy | undefined, type: Route['type']): Array<Record<string, string[]>> {
  const p = policy ? parsePolicy(policy) : undefined;
  if (!p || p.kind === 'PUBLIC') return [];
  if (p.kind !== 'SCOPE') return USER_SECURITY;
  return [{ oauth2: [p.scope, type === 'query' ? 'read' : 'write'] }, { jwt: [] }, { basic: [] }, { session: [] }];
}

const POLICY_TEXT: Record<string, string> = {
  PUBLIC: 'Anyone (an invalid bearer token is still refused with 403).',
  USER: 'Any authenticated user; OAuth client tokens are refused.',
  TEAM: "An authenticated user who is on the event's organization team (superusers always).",
  ORG: 'Staff users and event organizers.',
  'SU/ORG-PERM': 'Superusers and holders of the event-organizer permission.',
  STAFF: 'Staff users and superusers; unit staff reach only the rows of the units they administer (another unit’s row answers 404).',
  SU: 'Superusers only.',
};

function policyText(policy: Policy | undefined, type: Route['type']): string {
  const p = policy ? parsePolicy(policy) : undefined;
  if (!p) return '';
  if (p.kind !== 'SCOPE') return POLICY_TEXT[p.kind] ?? '';
  const access = type === 'query' ? 'read' : 'write';
  const alt = p.or === 'STAFF' ? 'a staff user' : 'any authenticated user';
  return `An OAuth2 token with scopes \`${p.scope}\` and \`${access}\`, or ${alt}.`;
}

const DETAIL = { $ref: '#/components/schemas/DetailError' };
const FIELDS = { $ref: '#/components/schemas/ValidationError' };
const json = (schema: unknown) => ({ 'application/json': { schema } });

const ERROR_SCHEMAS = {
  DetailError: {
    type: 'object',
    description: 'A DRF detail error. Messages are Czech by default and English with `Accept-Language: en`.',
    properties: { detail: { type: 'string', description: 'Human-readable message.' } },
    required: ['detail'],
    example: { detail: 'Not found.' },
  },
  ValidationError: {
    type: 'object',
    description:
      'A DRF validation error: field name → list of messages. Errors of a nested object are a nested object; errors of a list of objects are a list aligned with the input (`{}` for valid items); errors not tied to one field use `non_field_errors`.',
    additionalProperties: {
      anyOf: [{ type: 'array', items: { type: 'string' } }, { type: 'object' }, { type: 'array', items: { type: 'object' } }],
    },
    example: { email: ['This field is required.'], non_field_errors: ['Some cross-field rule failed.'] },
  },
};

interface Operation {
  operationId?: string;
  tags?: string[];
  description?: string;
  summary?: string;
  security?: Array<Record<string, string[]>>;
  parameters?: unknown[];
  requestBody?: unknown;
  responses?: Record<string, unknown>;
}

export interface DocumentOptions {
  title?: string;
  version?: string;
  description?: string;
  /** Where `/api` is served; paths in the document are relative to it. */
  serverUrl?: string;
}

/** Build the corrected document for `router`. Call once at boot; it is static afterwards. */
export function buildOpenApiDocument(router: AnyRouter, opts: DocumentOptions = {}): OpenAPIObject {
  const doc = generateOpenApiDocument(router as OpenApiRouter, {
    title: opts.title ?? 'Klub přátel API',
    version: opts.version ?? '1.0.0',
    description:
      opts.description ??
      'REST API of Klub přátel. Every path also answers without its trailing slash. Request bodies are JSON; `application/x-www-form-urlencoded` and `multipart/form-data` are accepted too (a repeated key is a list, an absent boolean is false). Error bodies follow Django REST Framework; messages are Czech unless `Accept-Language: en` is sent.',
    baseUrl: opts.serverUrl ?? '/api',
    securitySchemes: SECURITY_SCHEMES,
  });

  const routes = createRouteTable(router).all();
  const byKey = new Map(routes.map((r) => [`${r.method.toLowerCase()} ${normalizePath(r.meta.openapi!.path)}`, r]));
  const slashed = new Set(routes.filter((r) => r.meta.openapi!.path.endsWith('/')).map((r) => normalizePath(r.meta.openapi!.path)));

  const paths: Record<string, Record<string, Operation>> = {};
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Record<string, Operation>>)) {
    const key = slashed.has(path) && path !== '/' ? `${path}/` : path;
    paths[key] = item;
    for (const [method, op] of Object.entries(item)) {
      const route = byKey.get(`${method} ${path}`);
      if (!route) continue;
      fixOperation(op, route, path);
    }
  }
  doc.paths = paths;

  const schemas = { ...(doc.components?.schemas ?? {}) } as Record<string, unknown>;
  for (const name of Object.keys(schemas)) if (name.startsWith('error.')) delete schemas[name];
  doc.components = { ...doc.components, schemas: { ...schemas, ...ERROR_SCHEMAS } as never };

  const tags = [...new Set(routes.flatMap((r) => r.meta.openapi?.tags ?? []))].sort();
  doc.tags = tags.map((name) => ({ name }));
  return doc;
}

/** The description of a shape entry, looking through optional/nullable/default wrappers. */
function describedAs(schema: z.ZodType | undefined): string | undefined {
  let s: unknown = schema;
  for (let i = 0; s && i < 6; i++) {
    const text = z.globalRegistry.get(s as z.ZodType)?.description;
    if (text) return text;
    s = (s as { _zod: { def: { innerType?: unknown } } })._zod.def.innerType;
  }
  return undefined;
}

type Parameter = { name: string; in: string; description?: string; schema?: Record<string, unknown> };

/**
 * trpc-to-openapi unwraps `.optional()` before documenting a query parameter, which drops a
 * description written after it (`z.string().optional().describe(...)`); put it back. A parameter
 * read as text and interpreted by the resolver shows the type it really takes (`accepting`).
 */
function describeParameters(op: Operation, route: Route): void {
  const { inputParser } = getInputOutputParsers(route.procedure as never);
  const shape = (unwrapZodType(inputParser, true) as { shape?: Record<string, z.ZodType> }).shape ?? {};
  for (const p of (op.parameters ?? []) as Parameter[]) {
    const text = p.description ?? (p.schema?.description as string | undefined) ?? describedAs(shape[p.name]);
    if (text) p.description = text;
    const accepts = acceptedBy(shape[p.name]);
    if (accepts) p.schema = { ...createSchema(accepts, { io: 'input' }).schema, ...(text ? { description: text } : {}) };
  }
}

function fixOperation(op: Operation, route: Route, path: string): void {
  const { meta, type } = route;
  describeParameters(op, route);
  const responses: Record<string, unknown> = {};
  const success = op.responses?.['200'] as { description?: string; content?: unknown } | undefined;
  const voidOutput = (success?.content as { 'application/json'?: { schema?: object } } | undefined)?.['application/json']?.schema;
  if (meta.successStatus === 204) responses['204'] = { description: 'No content.' };
  // A void output is an "empty body" answer (api.md §1.3): no content to document.
  else if (success && voidOutput && Object.keys(voidOutput).length === 0) responses['200'] = { description: 'OK (empty body).' };
  else if (success) responses[String(meta.successStatus ?? 200)] = { ...success, description: meta.successStatus === 201 ? 'Created.' : meta.successStatus === 202 ? 'Accepted.' : 'OK.' };

  const hasInput = Boolean(op.requestBody) || Boolean(op.parameters?.length);
  if (hasInput) responses['400'] = { description: 'Invalid input.', content: json(FIELDS) };
  const policy = meta.policy;
  responses['403'] = {
    description:
      policy === 'PUBLIC'
        ? 'The bearer token is invalid or expired.'
        : 'Not authenticated ("Authentication credentials were not provided.") or not permitted ("You do not have permission to perform this action.").',
    content: json(DETAIL),
  };
  if (/\{\w+\}/.test(path) || meta.paginated) {
    responses['404'] = { description: meta.paginated ? 'Not found, or "Invalid page.".' : 'Not found.', content: json(DETAIL) };
  }
  // `rest()` only takes the record form of the generator's `errorResponses`.
  for (const [code, text] of Object.entries((meta.openapi?.errorResponses ?? {}) as Record<number, string>)) {
    responses[code] = /\(empty body\)$/.test(text) ? { description: text } : { description: text, content: json(DETAIL) };
  }
  op.responses = responses;
  op.security = securityFor(policy, type);

  const notes = [
    policy ? `**Permission (${policy}):** ${policyText(policy, type)}` : '',
    meta.paginated
      ? '**Paginated:** `{count, next, previous, results}`; `page` (or `last`), `page_size` (default 10, max 100). A bad page is 404 "Invalid page.".'
      : '',
  ].filter(Boolean);
  op.description = [op.description, ...notes].filter(Boolean).join('\n\n');
}

/** `/api/docs/#/<tag>/<operationId>`: Swagger UI's deep link to one operation. */
export function docsAnchor(doc: OpenAPIObject, route: Route): string | undefined {
  const normalized = normalizePath(route.meta.openapi!.path);
  const item = (doc.paths?.[normalized] ?? doc.paths?.[`${normalized}/`]) as Record<string, Operation> | undefined;
  const op = item?.[route.method.toLowerCase()];
  if (!op?.operationId) return undefined;
  const tag = op.tags?.[0] ?? 'default';
  return `#/${encodeURIComponent(tag)}/${encodeURIComponent(op.operationId)}`;
}

/** Property paths of request/response schemas that lack a description (docs completeness check). */
export function undescribedFields(doc: OpenAPIObject): string[] {
  const missing: string[] = [];
  const walk = (schema: unknown, where: string, depth: number) => {
    if (!schema || typeof schema !== 'object' || depth > 12) return;
    const s = schema as Record<string, unknown>;
    if (s.properties && typeof s.properties === 'object') {
      for (const [name, prop] of Object.entries(s.properties as Record<string, Record<string, unknown>>)) {
        // A nullable field carries its description on the non-null branch.
        const branches = [prop, ...((prop.anyOf ?? prop.oneOf ?? []) as Array<Record<string, unknown>>)];
        const described = branches.some((b) => typeof b.description === 'string' || typeof b.$ref === 'string');
        if (!described) missing.push(`${where}.${name}`);
        walk(prop, `${where}.${name}`, depth + 1);
      }
    }
    for (const key of ['items', 'anyOf', 'oneOf', 'allOf']) {
      const v = s[key];
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${where}.${key}[${i}]`, depth + 1));
      else if (v) walk(v, `${where}.${key}`, depth + 1);
    }
  };
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Record<string, Operation>>)) {
    for (const [method, op] of Object.entries(item)) {
      const where = `${method.toUpperCase()} ${path}`;
      for (const p of (op.parameters ?? []) as Array<{ name: string; description?: string; schema?: { description?: string } }>) {
        if (!p.description && !p.schema?.description) missing.push(`${where} ?${p.name}`);
      }
      const body = op.requestBody as { content?: Record<string, { schema?: unknown }> } | undefined;
      walk(body?.content?.['application/json']?.schema, `${where} body`, 0);
      const ok = (op.responses?.['200'] ?? op.responses?.['201']) as { content?: Record<string, { schema?: unknown }> } | undefined;
      walk(ok?.content?.['application/json']?.schema, `${where} response`, 0);
    }
  }
  for (const [name, schema] of Object.entries((doc.components?.schemas ?? {}) as Record<string, unknown>)) walk(schema, name, 0);
  return missing;
}
