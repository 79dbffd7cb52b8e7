import { expect, test } from '../fixtures/test.js';

/** Reads the seconds out of "Too many attempts. Try again in 27 seconds." */
function secondsIn(text: string): number {
  const match = /Try again in (\d+) seconds?/.exec(text);
  if (!match) throw new Error(`no countdown in "${text}"`);
  return Number(match[1]);
}

test.describe('Throttling of wrong codes (docs/two-factor.md#codes)', () => {
  test('after 5 wrong codes the code screen shows a live countdown and blocks input', async ({ app, seed }) => {
    const { admin } = await seed.company({ adminTwoFactor: true });
    const phone = admin.authenticator!;
    await app.signIn.signIn(admin.email, admin.password);
    await expect(app.code.heading).toBeVisible();

    for (let attempt = 1; attempt <= 5; attempt += 1) {
      await expect(app.code.code.field).toBeEnabled();
      await app.code.enterCode(phone.wrongCode());
      await expect(app.code.error).toHaveText(/not correct|Too many attempts/);
    }
    if (!/Too many attempts/.test(await app.code.error.innerText())) {
      await app.code.enterCode(phone.wrongCode());
    }
    await expect(app.code.error).toHaveText(/^Too many attempts\. Try again in \d+ seconds?\.$/);
    const first = secondsIn(await app.code.error.innerText());
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(30);
    await expect(app.code.code.field).toBeDisabled();
    await expect(app.code.verifyButton).toBeDisabled();

    // The countdown is live: it goes down while the person waits.
    await expect.poll(async () => secondsIn(await app.code.error.innerText()), { timeout: 10_000 }).toBeLessThan(first);
    await expect(app.code.code.field).toBeDisabled();
  });
});
