import { expect, test } from '../fixtures/test.js';
import { seriousViolations } from '../support/accessibility.js';

test.describe('First run: connecting to the RMS server', () => {
  test.use({ fixedBackend: false });

  test('plain http:// is refused except on this computer; the loopback backend is accepted', async ({ app, backend }) => {
    await expect(app.connect.heading).toBeVisible();
    expect(await seriousViolations(app.page), 'connect screen').toEqual([]);

    await app.connect.connect('http://rms.example.com');
    await expect(app.connect.error).toHaveText('The server address must start with https:// (plain http:// is allowed only for this computer).');
    await expect(app.connect.heading).toBeVisible();

    await app.connect.connect(backend.url);
    await expect(app.signIn.heading).toBeVisible();
    await expect(app.page.getByText(`Server: ${new URL(backend.url).origin}`)).toBeVisible();
  });
});
