// The one HTTP error type and the middleware that turns every error into the same JSON shape.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { ApiError } from '../common/types.ts';
import { InvalidCursor, NotFound } from './store/errors.ts';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly parameter?: string,
  ) {
    super(message);
  }
}

export function errorBody(err: HttpError): ApiError {
  const error: ApiError['error'] = { status: err.status, code: err.code, message: err.message };
  if (err.parameter !== undefined) error.parameter = err.parameter;
  return { error };
}

/** Answers every request no route took with a JSON 404. */
export const notFound: RequestHandler = (req) => {
  throw new HttpError(404, 'not_found', `No route for ${req.method} ${req.path}. See /api/v1/openapi.json.`);
};

/** Store domain errors map to 404 with their kind as code (a foreign cursor to 400). Express errors of its own (e.g. a malformed URL) carry a 4xx status; keep those, hide the rest. */
function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof NotFound) return new HttpError(404, err.kind, err.message, err.parameter);
  if (err instanceof InvalidCursor) return new HttpError(400, 'invalid_parameter', err.message, err.parameter);
  const status = (err as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new HttpError(status, 'bad_request', (err as Error).message);
  }
  return new HttpError(500, 'internal_error', 'The server failed to answer this request; the error was logged.');
}

export function errorHandler(log: (err: unknown) => void = console.error): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    const httpError = toHttpError(err);
    if (httpError.status >= 500) log(err);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(httpError.status).type('application/json').json(errorBody(httpError));
  };
}
