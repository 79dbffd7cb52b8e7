import { mailTo } from '@rms/test-kit/smtp-inbox';
import { expect, test } from '../fixtures/test.js';

test.describe('The verification code at sign-in (docs/two-factor.md#codes)', () => {
  test('a wrong code is refused with a sentence, and the right one then works', async ({ app, seed }) => {
    const { admin } = await seed.company({ adminTwoFactor: true });
    const phone = admin.authenticator!;
    await app.signIn.signIn(admin.email, admin.password);
    await expect(app.code.heading).toBeVisible();

    await app.code.enterCode(phone.wrongCode());
    await expect(app.code.error).toHaveText('That code is not correct. Enter the 6-digit code your authenticator app shows now.');
    await expect(app.code.code.field).toHaveValue('');
    await expect(app.code.heading).toBeVisible();

    await app.code.enterCode(await phone.nextFreshCode());
    await expect(app.accountSettings.heading).toBeVisible();
  });

  test("a code from a phone whose clock is off is refused: first a hint, then, from the phone's next code, by how much", async ({ app, seed }) => {
    const { admin } = await seed.company({ adminTwoFactor: true });
    const phone = admin.authenticator!;
    await app.signIn.signIn(admin.email, admin.password);
    await expect(app.code.heading).toBeVisible();

    // The first code that matches another time only gets the hint (a guesser learns nothing).
    await app.code.enterCode(phone.codeAt(+120));
    await expect(app.code.error).toHaveText(
      "That code is not correct. If your code is right, check that your phone's clock is set automatically, then enter the new code.",
    );
    // A different code agreeing with that offset (±30 s), as the phone's next code does, says by how much.
    await app.code.enterCode(phone.codeAt(+90));
    await expect(app.code.error).toContainText("your phone's clock is about 2 minutes ahead");

    await app.code.enterCode(phone.codeAt(-300));
    await expect(app.code.error).toContainText("check that your phone's clock is set automatically");
    await app.code.enterCode(phone.codeAt(-270));
    await expect(app.code.error).toContainText("your phone's clock is about 5 minutes behind");

    // A code one step (30 s) off is still inside the accepted window.
    await app.code.enterCode(phone.codeAt(+30));
    await expect(app.accountSettings.heading).toBeVisible();
  });

  test('a code that was already used is refused, and the user is told by email', async ({ app, seed, inbox }) => {
    const { admin } = await seed.company({ adminTwoFactor: true });
    const phone = admin.authenticator!;
    await app.signIn.signIn(admin.email, admin.password);
    // Used early in its 30-s step, the code stays inside the server's ±1 step window for the replay.
    const used = await phone.nextFreshCode({ minSecondsLeft: 20 });
    await app.code.enterCode(used);
    await expect(app.accountSettings.heading).toBeVisible();

    await app.header.signOut();
    await app.signIn.signIn(admin.email, admin.password);
    await expect(app.code.heading).toBeVisible();
    await app.code.enterCode(used);
    await expect(app.code.error).toHaveText('That code was already used. Wait for your authenticator app to show a new code, then enter it.');
    await expect(app.code.heading).toBeVisible();
    await inbox.waitFor(mailTo(admin.email, 'A verification code of yours was used twice'));

    await app.code.enterCode(await phone.nextFreshCode());
    await expect(app.accountSettings.heading).toBeVisible();
  });
});
