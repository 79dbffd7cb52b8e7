import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCertificates } from '../test-support/test-certificates.js';
import type { TestCertificates } from '../test-support/test-certificates.js';
import { isTrustedByExtraCa, loadExtraCa } from './extra-ca.js';

let certs: TestCertificates;
beforeAll(() => {
  certs = createTestCertificates();
});
afterAll(() => certs.cleanup());

describe('extra corporate CA from the policy', () => {
  it('trusts a server certificate signed by the extra CA, for its own host only', async () => {
    const file = path.join(certs.dir, 'corp-ca.pem');
    writeFileSync(file, `${certs.otherCaPem}\n${certs.caPem}`);
    const cas = await loadExtraCa(file);
    expect(cas).toHaveLength(2);
    const chain = { data: certs.certPem };
    expect(isTrustedByExtraCa(chain, 'localhost', cas)).toBe(true);
    expect(isTrustedByExtraCa(chain, '127.0.0.1', cas)).toBe(true);
    expect(isTrustedByExtraCa(chain, 'rms.evil.example', cas)).toBe(false);
    expect(isTrustedByExtraCa(chain, 'localhost', cas, new Date(Date.now() + 10 * 86_400_000))).toBe(false);
  });

  it('does not trust it when only an unrelated CA is configured', async () => {
    const file = path.join(certs.dir, 'other-ca.pem');
    writeFileSync(file, certs.otherCaPem);
    expect(isTrustedByExtraCa({ data: certs.certPem }, 'localhost', await loadExtraCa(file))).toBe(false);
  });

  it('explains an unusable CA file', async () => {
    await expect(loadExtraCa(path.join(certs.dir, 'missing.pem'))).rejects.toThrow(/cannot be read/);
    const junk = path.join(certs.dir, 'junk.pem');
    writeFileSync(junk, 'hello');
    await expect(loadExtraCa(junk)).rejects.toThrow(/holds no PEM certificate/);
  });
});
