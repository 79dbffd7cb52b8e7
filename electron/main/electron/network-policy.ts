import type { Session } from 'electron';
import { extraCaVerdict, loadExtraCa, USE_CHROMIUM_VERDICT } from '../services/config/extra-ca.js';
import type { PolicyFile } from '@rms/shared/policy';
import type { Logger } from '../services/logging/logger.js';

/**
 * Applies the managed-laptop network policy to the session net.fetch uses: an explicit proxy
 * (the system proxy otherwise) and an extra corporate CA on top of the OS certificate store: it
 * can only turn Chromium's "unknown issuer" into trusted, never overrule another refusal.
 */
export async function applyNetworkPolicy(session: Session, policy: PolicyFile, logger: Logger): Promise<void> {
  if (policy.proxy) {
    await session.setProxy({ proxyRules: policy.proxy });
    logger.info('proxy set by policy', { proxy: policy.proxy });
  } else {
    await session.setProxy({ mode: 'system' });
  }
  if (policy.extraCaFile) {
    try {
      const ca = await loadExtraCa(policy.extraCaFile);
      // Chromium's verdict stands unless it is "unknown issuer" and the chain leads to the policy CA (extraCaVerdict).
      session.setCertificateVerifyProc((request, callback) => {
        extraCaVerdict(request, ca).then(callback, () => callback(USE_CHROMIUM_VERDICT));
      });
      logger.info('extra certificate authorities loaded', { count: ca.count });
    } catch (err) {
      logger.error('extra CA file unusable', { detail: err instanceof Error ? err.message : String(err) });
    }
  }
}
