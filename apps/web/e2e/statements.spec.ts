import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { adminApi, signInAsAdminAt, type Page1 } from './fixtures/admin-api.js';
import { screenshot } from './fixtures/klub.js';

const FIO = fileURLToPath(new URL('../../../packages/domain/test/fixtures/Pohyby_5_2016.csv', import.meta.url));

test('uploads a Fio statement, sees the counts, and pairs a payment by hand', async ({ page }) => {
  // Three screens and a worker job on a shared two-core machine.
  test.setTimeout(90_000);
  await signInAsAdminAt(page, '/app/statements');
  // The demo's Fio account, and two channels: one the import pairs by VS, one to pair by hand.
  const accounts = await adminApi<Page1<{ id: number; administrative_unit: number; bank_account_number: string }>>(page, 'GET', 'money-accounts/?page_size=100');
  const fio = accounts.results.find((a) => a.bank_account_number === '2400063333/2010')!;
  const unit = await adminApi<{ name: string }>(page, 'GET', `administrative-units/${fio.administrative_unit}/`);
  const event = (await adminApi<Page1<{ id: number }>>(page, 'GET', 'events/?page_size=1')).results[0]!;
  // Two donors of its own: other journeys give the newest people channels of their own.
  const donors = await Promise.all(
    ['jan.vypis', 'jana.vypis'].map((name) =>
      adminApi<{ id: number }>(page, 'POST', 'profiles/', { email: `${name}@example.org`, administrative_units: [fio.administrative_unit] }),
    ),
  );
  const channel = (VS: string, donor: { id: number }) =>
    adminApi<{ id: number }>(page, 'POST', 'donor-payment-channels/', {
      VS,
      user: donor.id,
      event: event.id,
      money_account: fio.id,
      regular_amount: 150,
      regular_frequency: 'monthly',
      exceptional_membership: false,
      old_account: false,
    });
  await channel('130430002', donors[0]!);
  const byHand = await channel('777000111', donors[1]!);

  await page.locator('input[type=file]').setInputFiles(FIO);
  await expect(page.getByText('Pohyby_5_2016.csv')).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Formát' })).toHaveValue('Fio banka');
  await page.getByRole('combobox', { name: 'Organizační jednotka' }).click();
  await page.getByRole('option', { name: unit.name }).click();
  await screenshot(page, 'statements');
  await page.getByRole('button', { name: 'Importovat' }).click();

  await expect(page).toHaveURL(/\/app\/statements\/\d+/);
  await expect(page.getByTestId('payments-paired')).toHaveText('1', { timeout: 20_000 });
  const unpairedBefore = Number(await page.getByTestId('payments-unpaired').textContent());
  expect(unpairedBefore).toBeGreaterThan(0);
  await screenshot(page, 'statement');

  await page.getByRole('button', { name: 'Spárovat platbu KRE DAN' }).click();
  const dialog = page.getByRole('dialog', { name: 'Ruční spárování platby' });
  await dialog.getByLabel('Najít platební kanál').fill('777000111');
  await dialog.getByRole('button', { name: 'Spárovat s VS 777000111' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('payments-paired')).toHaveText('2');
  await expect(page.getByTestId('payments-unpaired')).toHaveText(String(unpairedBefore - 1));
  await expect(page.getByRole('button', { name: 'Spárovat platbu KRE DAN' })).toHaveCount(0);

  // The donor's total on the channel's page.
  await page.goto(page.url().replace(/\/statements\/.*/, `/donations/${byHand.id}`));
  await expect(page.getByTestId('channel-total')).toHaveText(/150/);
});
