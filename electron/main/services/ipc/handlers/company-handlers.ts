import type { SessionManager } from '../../session/session-manager.js';
import type { NamespaceHandlers } from '../handler-types.js';

/** The `company` namespace: administrators' policy, campaign, users and audit log. */
export function createCompanyHandlers(session: SessionManager): NamespaceHandlers<'company'> {
  return {
    get: () => session.withAccess((api, token) => api.company(token)),
    setPolicy: async (input) => {
      const result = await session.withAccess((api, token) => api.setPolicy(token, input));
      await session.refreshMe().catch(() => undefined);
      return result;
    },
    getCampaign: ({ id }) => session.withAccess((api, token) => api.campaign(token, id)),
    listUsers: (input) => session.withAccess((api, token) => api.users(token, input)),
    resetUserTwoFactor: ({ userId }) => session.withAccess((api, token) => api.resetUserTwoFactor(token, userId)),
    listAudit: (input) => session.withAccess((api, token) => api.audit(token, input)),
  };
}
