// The OpenAPI 3.1 document, built from the same zod schemas the routes validate their parameters
// with and the responses of common/api.ts.
import { z } from 'zod';
import { ApiErrorSchema } from '../common/api.ts';

export interface RouteDoc {
  /** OpenAPI path, e.g. /api/v1/areas/{code}. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  query?: z.ZodObject;
  params?: z.ZodObject;
  /** Schema of the 200 answer (common/api.ts for JSON). */
  response: z.ZodType;
  /** Media type of the 200 answer; application/json by default. */
  produces?: string;
  /** Other answers than 200 and 4xx errors, e.g. { 204: 'empty tile' }. */
  otherResponses?: Record<string, string>;
}

function parameters(schema: z.ZodObject | undefined, where: 'query' | 'path') {
  if (!schema) return [];
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || (json.required ?? []).includes(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

/** A response schema as JSON Schema 2020-12, the dialect of OpenAPI 3.1. */
function responseSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as Record<string, unknown>;
  return json;
}

function operation(doc: RouteDoc) {
  const produces = doc.produces ?? 'application/json';
  const responses: Record<string, unknown> = {
    200: { description: 'OK', content: { [produces]: { schema: responseSchema(doc.response) } } },
    400: { $ref: '#/components/responses/Error' },
    404: { $ref: '#/components/responses/Error' },
  };
  for (const [status, description] of Object.entries(doc.otherResponses ?? {})) responses[status] = { description };
  return {
    summary: doc.summary,
    ...(doc.description ? { description: doc.description } : {}),
    tags: [doc.tag],
    operationId: `get${doc.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
    parameters: [...parameters(doc.params, 'path'), ...parameters(doc.query, 'query')],
    responses,
  };
}

export function openApiDocument(docs: readonly RouteDoc[], info: { title: string; version: string }) {
  const paths: Record<string, { get: ReturnType<typeof operation> }> = {};
  for (const doc of docs) paths[doc.path] = { get: operation(doc) };
  return {
    openapi: '3.1.0',
    info: { ...info, description: 'Broadband coverage per address, area and release; vector tiles of coverage.' },
    paths,
    components: {
      responses: {
        Error: { description: 'The request was rejected', content: { 'application/json': { schema: responseSchema(ApiErrorSchema) } } },
      },
    },
  };
}
