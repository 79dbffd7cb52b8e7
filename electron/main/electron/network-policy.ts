import type { Session } from 'electron';
import { isTrustedByExtraCa, loadExtraCa } from '../services/config/extra-ca.js';
import type { PolicyFile } from '@rms/shared/policy';
import type { Logger } from '../services/logging/logger.js';

/**
 * Applies the managed-laptop network policy to the session net.fetch uses: an explicit proxy
 * (the system proxy otherwise) and an extra corporate CA on top of the OS certificate store.
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
      const cas = await loadExtraCa(policy.extraCaFile);
      session.setCertificateVerifyProc((request, callback) => {
        if (request.errorCode === 0) return callback(-3); // -3: use Chromium's own verdict (OS store).
        callback(isTrustedByExtraCa(request.certificate, request.hostname, cas) ? 0 : -3);
      });
      logger.info('extra certificate authorities loaded', { count: cas.length });
    } catch (err) {
      logger.error('extra CA file unusable', { detail: err instanceof Error ? err.message : String(err) });
    }
  }
}
