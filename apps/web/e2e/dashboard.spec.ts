import { expect, test, type Page } from '@playwright/test';
import { adminApi, signInAsAdminAt, type Page1 } from './fixtures/admin-api.js';
import { screenshot } from './fixtures/klub.js';

/** A calendar day `back` days before today, in Prague (`YYYY-MM-DD`). */
const pragueDay = (back: number) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Prague' }).format(new Date(Date.now() - back * 86_400_000));

/** `1 234 Kč` → 1234. */
const amountIn = async (page: Page, testId: string) => Number(((await page.getByTestId(testId).textContent()) ?? '').replace(/\D/g, ''));

test('the dashboard shows this month’s income, a donor who became late, and each account’s last statement', async ({ page }) => {
  test.setTimeout(90_000);
  await signInAsAdminAt(page, '/app/');
  await expect(page.getByTestId('income-this-month')).toBeVisible();
  const incomeBefore = await amountIn(page, 'income-this-month');

  // A monthly donor whose last payment was two months ago: the payment's check finds them late.
  const accounts = await adminApi<Page1<{ id: number; administrative_unit: number; kind: string }>>(page, 'GET', 'money-accounts/?page_size=100');
  const account = accounts.results.find((a) => a.kind === 'bank')!;
  const event = (await adminApi<Page1<{ id: number }>>(page, 'GET', 'events/?page_size=1')).results[0]!;
  const donor = await adminApi<{ id: number }>(page, 'POST', 'profiles/', {
    email: 'petr.pozdni@example.org',
    first_name: 'Petr',
    last_name: 'Pozdní',
    administrative_units: [account.administrative_unit],
  });
  const channel = await adminApi<{ id: number }>(page, 'POST', 'donor-payment-channels/', {
    user: donor.id,
    event: event.id,
    money_account: account.id,
    regular_amount: 300,
    regular_frequency: 'monthly',
    regular_payments: 'regular',
  });
  await adminApi(page, 'POST', 'payments/', { date: pragueDay(60), amount: 300, type: 'cash', user_donor_payment_channel: channel.id });
  // An unpaired payment that came in today is this month's income too.
  await adminApi(page, 'POST', 'payments/', { date: pragueDay(0), amount: 1234, type: 'bank-transfer', recipient_account: account.id });

  await page.reload();
  await expect.poll(() => amountIn(page, 'income-this-month')).toBe(incomeBefore + 1234);
  const late = page.getByRole('region', { name: /Pravidelní dárci opoždění/ });
  await expect(late.getByRole('link', { name: 'Petr Pozdní' })).toBeVisible();
  const statements = page.getByRole('region', { name: 'Poslední výpis podle účtu' });
  await expect(statements.getByRole('row')).not.toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Neúspěšné úlohy' })).toBeVisible();
  // The chart's figures, as a table for screen readers: 24 months and a header.
  await page.getByText('Zobrazit jako tabulku').click();
  await expect(page.getByRole('region', { name: /Příjmy a platící členové/ }).getByRole('row')).toHaveCount(25);
  await page.getByText('Zobrazit jako tabulku').click();
  await screenshot(page, 'dashboard');

  // The late donor's name leads to their page.
  await late.getByRole('link', { name: 'Petr Pozdní' }).click();
  await expect(page).toHaveURL(new RegExp(`/app/people/${donor.id}`));
});

test('creates and edits an administrative unit, with the API’s field error next to the field', async ({ page }) => {
  test.setTimeout(90_000);
  await signInAsAdminAt(page, '/app/settings?tab=units');
  await page.getByRole('button', { name: 'Nový záznam: organizační jednotka' }).click();
  const dialog = page.getByRole('dialog', { name: 'Nový záznam: organizační jednotka' });
  // Nothing filled in: the API refuses, and says so under the name.
  await dialog.getByRole('button', { name: 'Vytvořit' }).click();
  const name = dialog.getByRole('textbox', { name: 'Název' });
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByText('Toto pole je vyžadováno.')).toBeVisible();
  await expect(name).toBeFocused();
  await screenshot(page, 'settings-form');

  await name.fill('Klub přátel Olomouc');
  await dialog.getByRole('textbox', { name: 'Město' }).fill('Olomouc');
  await dialog.getByRole('button', { name: 'Vytvořit' }).click();
  await expect(dialog).toBeHidden();
  const row = page.getByRole('row', { name: /Klub přátel Olomouc/ });
  await expect(row).toContainText('Olomouc');

  await page.getByRole('button', { name: 'Upravit Klub přátel Olomouc' }).click();
  const edit = page.getByRole('dialog', { name: 'Upravit Klub přátel Olomouc' });
  await expect(edit.getByRole('textbox', { name: 'Město' })).toHaveValue('Olomouc');
  await edit.getByRole('textbox', { name: 'Město' }).fill('Přerov');
  await edit.getByRole('button', { name: 'Uložit' }).click();
  await expect(edit).toBeHidden();
  await expect(row).toContainText('Přerov');
  await page.reload();
  await expect(page.getByRole('row', { name: /Klub přátel Olomouc/ })).toContainText('Přerov');
});
