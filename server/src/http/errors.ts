import type { ApiErrorBody } from '@rms/shared';
import { errorSentence } from '@rms/shared';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ApiError } from '../domain/api-error.js';

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
  '53300',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_CANTOPEN',
  'SQLITE_IOERR',
  'SQLITE_FULL',
]);

/** True when an error means the database did not answer (→ 503, not 500). */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
  const message = (error as { message?: unknown }).message;
  return (
    typeof message === 'string' &&
    /Connection terminated|timeout exceeded when trying to connect|driver has already been destroyed|database connection is not open|Client has encountered a connection error/i.test(
      message,
    )
  );
}

function body(code: ApiErrorBody['error'], message?: string, extras: Partial<ApiErrorBody> = {}): ApiErrorBody {
  return { error: code, message: message ?? errorSentence({ code, message: '' }), ...extras };
}

function issuesOf(error: FastifyError): { path: string; message: string }[] {
  if (!hasZodFastifySchemaValidationErrors(error)) return [];
  return error.validation.map((issue) => {
    const where = String(issue.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    const context = (error as { validationContext?: string }).validationContext ?? 'body';
    return { path: where || context, message: issue.message ?? 'Invalid value.' };
  });
}

/** Turns any thrown error into the API's `{ error, message, ... }` body with the right status. */
export function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof ApiError) {
    if (error.extras.retryAfterSeconds !== undefined) reply.header('Retry-After', String(error.extras.retryAfterSeconds));
    return reply.code(error.status).send(body(error.code, error.message, error.extras));
  }
  const fastifyError = error as FastifyError;
  if (hasZodFastifySchemaValidationErrors(fastifyError)) {
    const issues = issuesOf(fastifyError);
    const first = issues[0];
    const message = first ? `Check ${first.path}: ${first.message}` : 'The request is not valid.';
    return reply.code(400).send(body('validation_failed', message, { issues }));
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_TYPE':
      return reply
        .code(415)
        .send(body('unsupported_media_type', 'Send the request body as JSON with the header Content-Type: application/json.'));
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return reply.code(413).send(body('payload_too_large', 'The request body is too large (the limit is 64 KiB).'));
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return reply.code(400).send(
        body('validation_failed', 'The request body is not valid JSON.', { issues: [{ path: 'body', message: 'Not valid JSON.' }] }),
      );
    default:
      break;
  }
  if (fastifyError.statusCode === 400 && fastifyError instanceof SyntaxError) {
    return reply.code(400).send(body('validation_failed', 'The request body is not valid JSON.', { issues: [{ path: 'body', message: 'Not valid JSON.' }] }));
  }
  if (isDatabaseUnavailable(error)) {
    request.log.error({ err: error }, 'database unavailable');
    reply.header('Retry-After', '5');
    return reply.code(503).send(body('service_unavailable', undefined, { retryAfterSeconds: 5 }));
  }
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return reply.code(400).send(body('validation_failed', 'The request could not be read. Check it and try again.'));
  }
  request.log.error({ err: error }, 'unhandled error');
  return reply.code(500).send(body('internal_error', 'Something went wrong on the server. Try again; if it keeps happening, contact your administrator.'));
}
