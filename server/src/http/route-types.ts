import { ApiErrorBodySchema } from '@rms/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DomainContext } from '../domain/context.js';

/** A route module: registers its routes on the app with the domain context. */
export type RouteModule = (app: FastifyInstance, ctx: DomainContext) => void;

/** Narrows a Fastify instance to the zod type provider. */
export function zod(app: FastifyInstance) {
  return app.withTypeProvider<ZodTypeProvider>();
}

/** Error responses every API route may give, for the OpenAPI document. */
export const errorResponses = {
  400: ApiErrorBodySchema,
  401: ApiErrorBodySchema,
  403: ApiErrorBodySchema,
  404: ApiErrorBodySchema,
  409: ApiErrorBodySchema,
  413: ApiErrorBodySchema,
  415: ApiErrorBodySchema,
  429: ApiErrorBodySchema,
  500: ApiErrorBodySchema,
  503: ApiErrorBodySchema,
} as const;

/** Security requirement of routes that need a bearer access token. */
export const bearer = [{ bearerAuth: [] }];
