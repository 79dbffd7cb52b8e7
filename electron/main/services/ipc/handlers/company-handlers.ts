import { requireTotpCode } from '../../session/typed-codes.js';
import type { NamespaceHandlers } from '../handler-types.js';
import type { SessionHandlerDeps } from './session-deps.js';

/** The `company` namespace: administrators' policy, campaign, users and audit log; actions on someone else's 2FA carry the admin's own code (step-up). */
export function createCompanyHandlers({ api, session }: SessionHandlerDeps): NamespaceHandlers<'company'> {
  return {
    get: () => api.company(),
    setPolicy: async ({ code, ...input }) => {
      const result = await api.setPolicy(code === undefined ? input : { ...input, code: requireTotpCode(code) });
      await session.refreshMe().catch(() => undefined);
      return result;
    },
    previewPolicy: (input) => api.previewPolicy(input),
    getCampaign: ({ id }) => api.campaign(id),
    listUsers: (input) => api.users(input),
    resetUserTwoFactor: ({ userId, code }) => api.resetUserTwoFactor(userId, requireTotpCode(code)),
    issueTemporaryCode: ({ userId, code }) => api.issueTemporaryCode(userId, requireTotpCode(code)),
    listResetRequests: () => api.resetRequests(),
    approveResetRequest: ({ requestId, code }) => api.approveResetRequest(requestId, requireTotpCode(code)),
    denyResetRequest: ({ requestId, code }) => api.denyResetRequest(requestId, requireTotpCode(code)),
    unlockUser: ({ userId, code }) => api.unlockUser(userId, requireTotpCode(code)),
    signOutUserEverywhere: ({ userId, code }) => api.signOutUserEverywhere(userId, requireTotpCode(code)),
    listAudit: (input) => api.audit(input),
  };
}
