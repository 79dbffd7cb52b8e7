import { sql } from 'kysely';
import { z } from 'zod';
import type { RouteModule } from '../route-types.js';
import { zod } from '../route-types.js';

const Health = z.object({
  status: z.enum(['ok', 'unavailable']),
  db: z.enum(['sqlite', 'postgres']),
  error: z.literal('service_unavailable').optional(),
  message: z.string().optional(),
});

/** GET /health (no prefix): 200 when the database answers, 503 when it does not. */
export const healthRoutes: RouteModule = (app, ctx) => {
  zod(app).get('/health', { schema: { tags: ['health'], response: { 200: Health, 503: Health } } }, async (_req, reply) => {
    try {
      await sql`SELECT 1`.execute(ctx.db);
      return { status: 'ok' as const, db: ctx.engine };
    } catch {
      return reply.code(503).send({
        status: 'unavailable' as const,
        db: ctx.engine,
        error: 'service_unavailable' as const,
        message: 'The database does not answer.',
      });
    }
  });
};
