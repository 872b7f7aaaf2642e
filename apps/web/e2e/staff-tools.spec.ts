import { expect, test } from '@playwright/test';
import { adminApi, signInAsAdminAt, type Page1 } from './fixtures/admin-api.js';
import { baseUrl, screenshot } from './fixtures/klub.js';
import { USERS } from './fixtures/users.js';

test('gives a clerk a unit, imports people into it with a dry run, and merges a duplicate (issue 17)', async ({ page }) => {
  // Three screens, a worker job and a merge on a shared two-core machine.
  test.setTimeout(120_000);
  await signInAsAdminAt(page, '/app/staff-accounts');
  const unit = (await adminApi<Page1<{ id: number; name: string }>>(page, 'GET', 'administrative-units/?page_size=1&ordering=id')).results[0]!;

  // Staff accounts: the clerk administers the unit.
  const clerkName = `${USERS.clerk.firstName} ${USERS.clerk.lastName}`;
  await page.getByRole('combobox', { name: 'Osoba' }).fill(USERS.clerk.lastName);
  await page.getByRole('option', { name: new RegExp(clerkName) }).click();
  await page.getByRole('combobox', { name: 'Pobočka' }).click();
  await page.getByRole('option', { name: unit.name }).click();
  await page.getByRole('button', { name: 'Přidělit' }).click();
  const clerkRow = page.getByRole('row', { name: new RegExp(clerkName) });
  await expect(clerkRow.getByRole('button', { name: `Odebrat pobočku ${unit.name}` })).toBeVisible();
  await expect(clerkRow.getByText('pracovník pobočky')).toBeVisible();
  await screenshot(page, 'staff-accounts');

  // The import: upload, dry run with a refused line, start, the result.
  const stamp = Date.now();
  const csv = ['E-mail;Jméno;Příjmení;Město', `nova.${stamp}@example.cz;Nová;Osoba;Brno`, `druhy.${stamp}@example.cz;Druhý;Člověk;Olomouc`, 'neplatny-email;Bez;Adresy;Brno'].join('\n');
  await page.goto(`${baseUrl()}/app/imports`);
  await page.locator('input[type=file]').setInputFiles({ name: 'lide.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByText('lide.csv')).toBeVisible();
  await page.getByRole('combobox', { name: 'Pobočka' }).click();
  await page.getByRole('option', { name: unit.name }).click();
  await page.getByRole('button', { name: 'Nahrát soubor' }).click();
  await expect(page).toHaveURL(/\/app\/imports\/\d+/);
  await expect(page.getByRole('combobox', { name: 'E-mail' })).toHaveValue('E-mail');
  await page.getByRole('button', { name: 'Zkušební běh' }).click();
  await expect(page.getByText('nový: 2')).toBeVisible();
  await expect(page.getByText('odmítnuto: 1')).toBeVisible();
  await expect(page.getByRole('row', { name: /neplatny-email/ })).toContainText('email:');
  await screenshot(page, 'people-import');
  await page.getByRole('button', { name: 'Spustit import' }).click();
  await expect(page.getByText('hotovo')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText('Vytvořeno platebních kanálů: 0')).toBeVisible();

  // A duplicate: the same name in the same city, merged after looking at what moves.
  const twin = { first_name: 'Dvojník', last_name: `Test${stamp}`, city: 'Brno', administrative_units: [unit.id] };
  const kept = await adminApi<{ id: number }>(page, 'POST', 'profiles/', { ...twin, email: `dvojnik.${stamp}@example.cz` });
  await adminApi(page, 'POST', 'profiles/', { ...twin, email: `dvojnik2.${stamp}@example.cz` });
  await page.goto(`${baseUrl()}/app/duplicates?page_size=100`);
  const pair = page.getByRole('row', { name: new RegExp(`Test${stamp}`) });
  await expect(pair).toContainText('jméno a město');
  await pair.getByRole('button', { name: 'Sloučit' }).click();
  await expect(page.getByRole('heading', { name: 'Sloučení dvou lidí' })).toBeVisible();
  await page.getByRole('radio', { name: new RegExp(`#${kept.id} `) }).check();
  await expect(page.getByRole('cell', { name: 'profile_email.user_id' })).toBeVisible();
  await screenshot(page, 'merge');
  await page.getByRole('button', { name: 'Sloučit do vybrané osoby' }).click();
  await expect(page.getByText(`Sloučeno. Zůstala osoba č. ${kept.id}.`)).toBeVisible();
});
