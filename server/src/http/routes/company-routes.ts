import {
  AuditPage,
  AuditQuery,
  Campaign,
  CampaignIdParams,
  CompanyResponse,
  CompanyUser,
  PolicyRequest,
  PolicyResponse,
  StepUpRequest,
  UserIdParams,
  UsersPage,
  UsersQuery,
} from '@rms/shared';
import {
  adminResetTwoFactor,
  campaignProgress,
  describeCompany,
  listAudit,
  listUsers,
  setTwoFactorPolicy,
} from '../../domain/company-service.js';
import { originOf, requireSession } from '../request-auth.js';
import { bearer, errorResponses, zod } from '../route-types.js';
import type { RouteModule } from '../route-types.js';

/** /company/*: administrators manage their own company (tenant isolation on every route). */
export const companyRoutes: RouteModule = (app, ctx) => {
  const r = zod(app);
  const tags = ['company'];
  const security = bearer;
  r.get('/company', { schema: { tags, security, response: { 200: CompanyResponse, ...errorResponses } } }, async (req) => {
    const { user } = await requireSession(ctx, req);
    return describeCompany(ctx, user);
  });
  r.put(
    '/company/two-factor-policy',
    { schema: { tags, security, body: PolicyRequest, response: { 200: PolicyResponse, ...errorResponses } } },
    async (req) => {
      const { user } = await requireSession(ctx, req);
      return setTwoFactorPolicy(ctx, user, req.body, originOf(req));
    },
  );
  r.get(
    '/company/campaigns/:id',
    { schema: { tags, security, params: CampaignIdParams, response: { 200: Campaign, ...errorResponses } } },
    async (req) => {
      const { user } = await requireSession(ctx, req);
      return campaignProgress(ctx, user, req.params.id);
    },
  );
  r.get('/company/users', { schema: { tags, security, querystring: UsersQuery, response: { 200: UsersPage, ...errorResponses } } }, async (req) => {
    const { user } = await requireSession(ctx, req);
    return listUsers(ctx, user, req.query);
  });
  r.post(
    '/company/users/:id/two-factor/reset',
    { schema: { tags, security, params: UserIdParams, body: StepUpRequest, response: { 200: CompanyUser, ...errorResponses } } },
    async (req) => {
      const { user, familyId } = await requireSession(ctx, req);
      return adminResetTwoFactor(ctx, user, { userId: req.params.id, code: req.body.code, origin: originOf(req), familyId });
    },
  );
  r.get('/company/audit', { schema: { tags, security, querystring: AuditQuery, response: { 200: AuditPage, ...errorResponses } } }, async (req) => {
    const { user } = await requireSession(ctx, req);
    return listAudit(ctx, user, req.query);
  });
};
