import { z } from 'zod';
import type { RouteDoc } from './route.js';

type JsonSchema = Record<string, unknown>;

/**
 * Request schemas as the caller writes them. Answers are described as input too, so that the
 * document lists the fields a client may rely on without forbidding the ones a later version adds.
 */
function jsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function parameters(schema: z.ZodType | undefined, where: 'query' | 'path'): JsonSchema[] {
  if (schema === undefined) return [];
  const s = jsonSchema(schema);
  const props = (s.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((s.required as string[] | undefined) ?? []);
  return Object.entries(props).map(([name, p]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: p,
    ...(typeof p.description === 'string' ? { description: p.description } : {}),
  }));
}

/** OpenAPI 3.1 description built from the routes themselves, so it cannot drift from them. */
export function openApiDocument(routes: readonly RouteDoc[], version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:([A-Za-z_]+)/g, '{$1}');
    const op: JsonSchema = {
      summary: r.summary,
      tags: [r.tag],
      operationId: `${r.method.toLowerCase()}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
      parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query')],
      responses: {
        [String(r.status ?? 200)]: {
          description: 'OK',
          content: { [r.produces ?? 'application/json']: { schema: jsonSchema(r.response) } },
        },
        '400': { description: 'Malformed input; the message says what and where.' },
        ...(r.role === 'public'
          ? {}
          : {
              '401': { description: 'No or bad credentials.' },
              '403': { description: `Needs the ${r.role} role, or the CSRF header is missing.` },
            }),
      },
      ...(r.role === 'public' ? { security: [] } : { 'x-required-role': r.role }),
    };
    if (r.body !== undefined) {
      op.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(r.body) } } };
    } else if (r.consumes !== undefined) {
      op.requestBody = { required: true, content: { [r.consumes]: {} } };
    }
    paths[path] ??= {};
    paths[path][r.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'telltale API',
      version,
      description:
        'Breaches, incidents, response actions, entities, models, search and ingest. Authenticate with ' +
        '`Authorization: Bearer <token>`, or sign in at /api/session and send the returned CSRF token in ' +
        'the x-csrf-token header on every state change.',
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        session: { type: 'apiKey', in: 'cookie', name: 'tt_session' },
      },
    },
    security: [{ bearer: [] }, { session: [] }],
    paths,
  };
}
