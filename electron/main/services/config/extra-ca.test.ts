import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCorporateChain } from '../test-support/corporate-chain.js';
import type { CorporateChain } from '../test-support/corporate-chain.js';
import type { ChainCertificate, ExtraCa } from './extra-ca.js';
import { ACCEPT, CERT_AUTHORITY_INVALID, checkChainWithExtraCa, extraCaVerdict, loadExtraCa, USE_CHROMIUM_VERDICT } from './extra-ca.js';

let pki: CorporateChain;
let corpCa: ExtraCa;
beforeAll(async () => {
  pki = createCorporateChain();
  const file = path.join(pki.dir, 'corp-ca.pem');
  writeFileSync(file, `${pki.otherRootPem}\n${pki.rootPem}`);
  corpCa = await loadExtraCa(file);
});
afterAll(() => pki.cleanup());

/** A chain as Chromium hands it to the verify proc: the leaf, then each issuer the server sent. */
const chainOf = (...pems: string[]): ChainCertificate => pems.reduceRight<ChainCertificate | undefined>((issuerCert, data) => ({ data, ...(issuerCert ? { issuerCert } : {}) }), undefined)!;

describe('extra corporate CA (real chains made with openssl, checked by pkijs)', () => {
  it('loads every certificate of the policy file', () => {
    expect(corpCa.count).toBe(2);
  });

  it('accepts a server certificate issued under the corporate root, for its own host', async () => {
    const chain = chainOf(pki.leaves.good, pki.issuingPem);
    expect(await checkChainWithExtraCa(chain, 'localhost', corpCa)).toEqual({ trusted: true });
    expect(await checkChainWithExtraCa(chain, '127.0.0.1', corpCa)).toEqual({ trusted: true });
  });

  it('refuses a leaf signed by a certificate that is not a CA', async () => {
    const result = await checkChainWithExtraCa(chainOf(pki.leaves.signedByNonCa, pki.notCa, pki.issuingPem), 'localhost', corpCa);
    expect(result).toMatchObject({ trusted: false, reason: expect.stringMatching(/not a CA certificate/) });
  });

  it('refuses a certificate made for another purpose (no serverAuth)', async () => {
    expect(await checkChainWithExtraCa(chainOf(pki.leaves.clientAuthOnly, pki.issuingPem), 'localhost', corpCa)).toEqual({
      trusted: false,
      reason: 'the certificate is not for TLS servers (no serverAuth extended key usage)',
    });
  });

  it('refuses an expired chain', async () => {
    const later = new Date(Date.now() + 10 * 86_400_000);
    expect(await checkChainWithExtraCa(chainOf(pki.leaves.good, pki.issuingPem), 'localhost', corpCa, later)).toMatchObject({ trusted: false, reason: expect.stringMatching(/expired/) });
  });

  it('refuses the right chain for the wrong host', async () => {
    expect(await checkChainWithExtraCa(chainOf(pki.leaves.good, pki.issuingPem), 'rms.evil.example', corpCa)).toEqual({ trusted: false, reason: 'the certificate is not for rms.evil.example' });
    expect(await checkChainWithExtraCa(chainOf(pki.leaves.good, pki.issuingPem), '10.0.0.1', corpCa)).toMatchObject({ trusted: false });
  });

  it('refuses a CA below an issuing CA whose path length is 0', async () => {
    expect(await checkChainWithExtraCa(chainOf(pki.leaves.belowPathLength, pki.subCa, pki.issuingPem), 'localhost', corpCa)).toEqual({
      trusted: false,
      reason: 'an issuing CA signed another CA beyond its path length',
    });
  });

  it('refuses a chain that does not reach the policy CA, or lacks its intermediate', async () => {
    const onlyOther = await loadExtraCa(writePem('other.pem', pki.otherRootPem));
    expect(await checkChainWithExtraCa(chainOf(pki.leaves.good, pki.issuingPem), 'localhost', onlyOther)).toMatchObject({ trusted: false });
    expect(await checkChainWithExtraCa(chainOf(pki.leaves.good), 'localhost', corpCa)).toMatchObject({ trusted: false });
  });

  it('explains an unusable CA file', async () => {
    await expect(loadExtraCa(path.join(pki.dir, 'missing.pem'))).rejects.toThrow(/cannot be read/);
    await expect(loadExtraCa(writePem('junk.pem', 'hello'))).rejects.toThrow(/holds no PEM certificate/);
  });
});

describe('the verify proc answer', () => {
  it('turns only "unknown issuer" into trusted, and only for a chain to the policy CA', async () => {
    const chain = chainOf(pki.leaves.good, pki.issuingPem);
    expect(await extraCaVerdict({ hostname: 'localhost', certificate: chain, errorCode: CERT_AUTHORITY_INVALID }, corpCa)).toBe(ACCEPT);
    expect(await extraCaVerdict({ hostname: 'rms.evil.example', certificate: chain, errorCode: CERT_AUTHORITY_INVALID }, corpCa)).toBe(USE_CHROMIUM_VERDICT);
  });

  it.each([
    ['trusted already (0)', 0],
    ['revoked (ERR_CERT_REVOKED)', -206],
    ['malformed (ERR_CERT_INVALID)', -207],
    ['wrong name (ERR_CERT_COMMON_NAME_INVALID)', -200],
    ['expired (ERR_CERT_DATE_INVALID)', -201],
  ])('never overrules another verdict of Chromium: %s', async (_label, errorCode) => {
    const chain = chainOf(pki.leaves.good, pki.issuingPem);
    expect(await extraCaVerdict({ hostname: 'localhost', certificate: chain, errorCode }, corpCa)).toBe(USE_CHROMIUM_VERDICT);
  });
});

function writePem(name: string, text: string): string {
  const file = path.join(pki.dir, name);
  writeFileSync(file, text);
  return file;
}
