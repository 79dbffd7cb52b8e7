import { PolicyPreview, PolicyPreviewQuery } from '@rms/shared';
import { previewPolicy } from '../../domain/rollout-preview.js';
import { requireSession } from '../request-auth.js';
import { bearer, errorResponses, zod } from '../route-types.js';
import type { RouteModule } from '../route-types.js';

/** The 2FA rollout's routes beside /company/*: the preview of a policy before saving it. */
export const rolloutRoutes: RouteModule = (app, ctx) => {
  const r = zod(app);
  r.get(
    '/company/two-factor-policy/preview',
    { schema: { tags: ['company'], security: bearer, querystring: PolicyPreviewQuery, response: { 200: PolicyPreview, ...errorResponses } } },
    async (req) => {
      const { user } = await requireSession(ctx, req);
      return previewPolicy(ctx, user, req.query);
    },
  );
};
