import swagger from '@fastify/swagger';
import { API_PREFIX } from '@rms/shared';
import Fastify from 'fastify';
import type { FastifyBaseLogger, FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { DomainContext } from '../domain/context.js';
import { sendError } from './errors.js';
import { accountLinkPages } from './pages/account-link-pages.js';
import { accountRoutes } from './routes/account-routes.js';
import { authRoutes } from './routes/auth-routes.js';
import { companyRoutes } from './routes/company-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { passwordAndDeviceRoutes } from './routes/password-and-device-routes.js';
import { rolloutRoutes } from './routes/rollout-routes.js';

/** Request bodies larger than this are refused with 413. */
export const BODY_LIMIT_BYTES = 64 * 1024;

/** Options of the HTTP app. */
export interface AppOptions {
  trustProxy: boolean | number | string;
  version?: string;
  /** RMS_PUBLIC_URL or the listen address: the origin the link pages' forms must come from. */
  publicUrl: () => string;
}

function invalidJson(): FastifyError {
  const error = new SyntaxError('The request body is not valid JSON.') as SyntaxError & FastifyError;
  error.statusCode = 400;
  error.code = 'FST_ERR_CTP_INVALID_JSON_BODY';
  return error;
}

/** A link page's address with its one-time token blanked (`/account/reset-password/[redacted]`). */
export function redactLinkToken(url: string): string {
  return url.replace(/^(\/account\/[a-z-]+\/)[^/?#]+/, '$1[redacted]');
}

/**
 * The request as Fastify logs it ("incoming request"), but a one-time link's token never reaches
 * the log: whoever reads it could otherwise use a link opened and not yet used, for up to 7 days.
 */
function requestLogValue(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactLinkToken(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/** Builds the Fastify app: zod validation, OpenAPI, error bodies, and the route modules. */
export async function buildApp(ctx: DomainContext, options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.logger.child({}, { serializers: { req: requestLogValue } }) as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT_BYTES,
    // A number is a hop count (proxy-addr supports it; Fastify's types omit it).
    trustProxy: options.trustProxy as boolean | string,
    return503OnClosing: true,
    // Router-level refusals (a malformed URL such as `/api/v1/%`) get the API's error body too.
    frameworkErrors: (error, request, reply) => sendError(error, request, reply),
    // Requests Node cannot parse at all (headers over 16 KiB, broken framing) get the API's error body too.
    clientErrorHandler: (error, socket) => {
      if (!socket.writable) return void socket.destroy();
      const tooLarge = (error as { code?: string }).code === 'HPE_HEADER_OVERFLOW';
      const body = JSON.stringify(
        tooLarge
          ? { error: 'payload_too_large', message: 'The request headers are too large.' }
          : { error: 'validation_failed', message: 'The request could not be read. Check it and try again.' },
      );
      socket.end(
        `HTTP/1.1 ${tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\nContent-Type: application/json; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // An empty JSON body counts as "no body" (body-less POSTs from clients that always set the header).
  // The API speaks JSON only: anything else is 415.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, text, done) => {
    const raw = String(text);
    if (raw.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(raw));
    } catch {
      done(invalidJson(), undefined);
    }
  });
  // Graceful shutdown: requests in flight finish, and their connections close instead of idling
  // in keep-alive (which would hold close() open for the keep-alive timeout).
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
  app.setErrorHandler((error, request, reply) => sendError(error, request, reply));
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: 'not_found', message: `There is no ${request.method} ${request.url.split('?')[0]} on this server.` }),
  );
  await app.register(swagger, {
    openapi: {
      info: { title: 'RMS Console backend', description: 'Remote Management Service: two-factor authentication API.', version: options.version ?? '0.1.0' },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
  });
  healthRoutes(app, ctx);
  await app.register(accountLinkPages(ctx, options.publicUrl));
  await app.register(
    async (api) => {
      api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
      authRoutes(api, ctx);
      accountRoutes(api, ctx);
      passwordAndDeviceRoutes(api, ctx);
      companyRoutes(api, ctx);
      rolloutRoutes(api, ctx);
    },
    { prefix: API_PREFIX },
  );
  return app;
}
