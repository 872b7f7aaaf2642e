import { expect, test } from '@playwright/test';
import { baseUrl, mails, screenshot, signIn, signInAsAdmin, USERS } from './fixtures/klub.js';

test.describe('signing in and out', () => {
  test('signs in, lands on the page asked for, and signs out', async ({ page }) => {
    await page.goto(`${baseUrl()}/app/`);
    await expect(page).toHaveURL(/\/app\/login\?redirect=/);
    await screenshot(page, 'sign-in');
    await signInAsAdmin(page);
    await expect(page.getByRole('heading', { name: 'Přehled' })).toBeVisible();
    await expect(page.getByText('Přihlášen(a): Alena Správcová')).toBeVisible();

    await page.getByRole('button', { name: 'Odhlásit se' }).click();
    await expect(page).toHaveURL(/\/app\/login/);
    // The session is gone on the server too: the app sends a fresh visit to the sign-in page.
    await page.goto(`${baseUrl()}/app/`);
    await expect(page.getByRole('button', { name: 'Přihlásit se' })).toBeVisible();
  });

  test('shows the API’s refusal of a wrong password', async ({ page }) => {
    await signIn(page, { username: USERS.admin.username, password: 'not-the-password' });
    await expect(page.getByRole('alert')).toContainText('Zadanými údaji se nebylo možné přihlásit.');
  });

  test('a staff member without rights sees the "no access" page', async ({ page }) => {
    await signIn(page, USERS.clerk);
    await expect(page.getByRole('heading', { name: 'Sem nemáte přístup' })).toBeVisible();
    await expect(page.getByText('Jste přihlášeni jako Karel Úředník')).toBeVisible();
    await expect(page.getByRole('navigation')).toHaveCount(0);
    await screenshot(page, 'no-access');
  });

  test('switches to English and keeps it', async ({ page }) => {
    await signInAsAdmin(page);
    await page.getByRole('radiogroup', { name: 'Jazyk' }).getByText('EN').click();
    await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  });

  test('resets a forgotten password through the e-mailed link', async ({ page }) => {
    const user = { email: USERS.clerk.email };
    await page.goto(`${baseUrl()}/app/login`);
    await page.getByRole('link', { name: 'Zapomenuté heslo?' }).click();
    await page.getByLabel('E-mail').fill(user.email);
    await page.getByRole('button', { name: 'Poslat odkaz' }).click();
    await expect(page.getByRole('status')).toContainText('poslali jsme na ni odkaz');

    let link: string | undefined;
    await expect
      .poll(
        async () => {
          const mail = (await mails()).find((m) => m.to.includes(user.email));
          link = /https?:\/\/\S+\?u=\S+&t=\S+/.exec(mail?.text ?? '')?.[0];
          return link;
        },
        { timeout: 15_000 },
      )
      .toBeTruthy();

    await page.goto(link!);
    await expect(page).toHaveURL(/\/app\/reset-password\?/);
    await page.getByRole('textbox', { name: 'Nové heslo', exact: true }).fill('nove-heslo-pro-karla');
    await page.getByRole('textbox', { name: 'Nové heslo znovu' }).fill('nove-heslo-pro-karla');
    await page.getByRole('button', { name: 'Nastavit heslo' }).click();
    await expect(page.getByRole('status')).toContainText('Heslo je nastavené');

    await page.getByRole('link', { name: 'Zpět na přihlášení' }).click();
    await signIn(page, { username: USERS.clerk.username, password: 'nove-heslo-pro-karla' }, '/app/login');
    await expect(page.getByRole('heading', { name: 'Sem nemáte přístup' })).toBeVisible();
  });
});
