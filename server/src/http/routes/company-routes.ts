import {
  AuditPage,
  AuditQuery,
  Campaign,
  CampaignIdParams,
  CompanyResponse,
  CompanyUser,
  PolicyRequest,
  PolicyResponse,
  ResetRequestIdParams,
  ResetRequestList,
  ResetRequested,
  SignedOutResponse,
  StepUpRequest,
  TemporaryCodeResponse,
  UserIdParams,
  UsersPage,
  UsersQuery,
} from '@rms/shared';
import {
  campaignProgress,
  describeCompany,
  listAudit,
  listUsers,
  setTwoFactorPolicy,
} from '../../domain/company-service.js';
import { issueTemporaryCode } from '../../domain/temporary-codes.js';
import { approveResetRequest, denyResetRequest, listResetRequests, resetTwoFactorOrRequest } from '../../domain/reset-requests.js';
import { z } from 'zod';
import { adminSignOutEverywhere, adminUnlock } from '../../domain/admin-account-actions.js';
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
      const { user, familyId } = await requireSession(ctx, req);
      return setTwoFactorPolicy(ctx, user, req.body, originOf(req), familyId);
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
    {
      schema: {
        tags,
        security,
        params: UserIdParams,
        body: StepUpRequest,
        response: { 200: CompanyUser, 202: ResetRequested, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { user, familyId } = await requireSession(ctx, req);
      const outcome = await resetTwoFactorOrRequest(ctx, user, { userId: req.params.id, code: req.body.code, origin: originOf(req), familyId });
      if (outcome.kind === 'requested') return reply.code(202).send({ request: outcome.request });
      return outcome.user;
    },
  );
  r.post(
    '/company/users/:id/two-factor/temporary-code',
    { schema: { tags, security, params: UserIdParams, body: StepUpRequest, response: { 200: TemporaryCodeResponse, ...errorResponses } } },
    async (req) => {
      const { user, familyId } = await requireSession(ctx, req);
      return issueTemporaryCode(ctx, user, { userId: req.params.id, code: req.body.code, origin: originOf(req), familyId });
    },
  );
  r.get('/company/reset-requests', { schema: { tags, security, response: { 200: ResetRequestList, ...errorResponses } } }, async (req) => {
    const { user } = await requireSession(ctx, req);
    return listResetRequests(ctx, user);
  });
  r.post(
    '/company/reset-requests/:id/approve',
    { schema: { tags, security, params: ResetRequestIdParams, body: StepUpRequest, response: { 200: CompanyUser, ...errorResponses } } },
    async (req) => {
      const { user, familyId } = await requireSession(ctx, req);
      return approveResetRequest(ctx, user, { requestId: req.params.id, code: req.body.code, origin: originOf(req), familyId });
    },
  );
  r.post(
    '/company/reset-requests/:id/deny',
    { schema: { tags, security, params: ResetRequestIdParams, body: StepUpRequest, response: { 204: z.null().describe('Denied.'), ...errorResponses } } },
    async (req, reply) => {
      const { user, familyId } = await requireSession(ctx, req);
      await denyResetRequest(ctx, user, { requestId: req.params.id, code: req.body.code, origin: originOf(req), familyId });
      return reply.code(204).send(null);
    },
  );
  r.post(
    '/company/users/:id/unlock',
    { schema: { tags, security, params: UserIdParams, body: StepUpRequest, response: { 200: CompanyUser, ...errorResponses } } },
    async (req) => {
      const { user, familyId } = await requireSession(ctx, req);
      return adminUnlock(ctx, user, { userId: req.params.id, code: req.body.code, origin: originOf(req), familyId });
    },
  );
  r.post(
    '/company/users/:id/sessions/revoke',
    { schema: { tags, security, params: UserIdParams, body: StepUpRequest, response: { 200: SignedOutResponse, ...errorResponses } } },
    async (req) => {
      const { user, familyId } = await requireSession(ctx, req);
      return adminSignOutEverywhere(ctx, user, { userId: req.params.id, code: req.body.code, origin: originOf(req), familyId });
    },
  );
  r.get('/company/audit', { schema: { tags, security, querystring: AuditQuery, response: { 200: AuditPage, ...errorResponses } } }, async (req) => {
    const { user } = await requireSession(ctx, req);
    return listAudit(ctx, user, req.query);
  });
};
