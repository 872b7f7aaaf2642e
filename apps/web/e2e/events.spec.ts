import { expect, test } from '@playwright/test';
import { signInAsAdminAt } from './fixtures/admin-api.js';
import { screenshot } from './fixtures/klub.js';

test('creates an event and adds a team member', async ({ page }) => {
  // Three screens and a worker job on a shared two-core machine.
  test.setTimeout(90_000);
  await signInAsAdminAt(page, '/app/events');
  await page.getByRole('link', { name: 'Nová akce' }).click();
  // The API's field error next to the field: an event needs a unit.
  await page.getByLabel('Název').fill('Jarní úklid parku');
  await page.getByRole('button', { name: 'Uložit' }).click();
  await expect(page.getByText('Tento list by neměl být prázdný.')).toBeVisible();

  await page.getByRole('combobox', { name: 'Organizační jednotky' }).click({ force: true });
  await page.getByRole('option').first().click();
  await page.keyboard.press('Escape');
  await page.getByLabel('Začátek').fill('2027-04-10T09:00');
  await page.getByRole('button', { name: 'Uložit' }).click();

  await expect(page.getByRole('heading', { name: 'Jarní úklid parku' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Organizační tým', selected: true })).toBeVisible();
  await expect(page.getByText('Akce zatím nemá tým')).toBeVisible();
  await page.getByRole('combobox', { name: 'Člen týmu' }).fill('Správcová');
  await page.getByRole('option', { name: /Alena Správcová/ }).click();
  await page.getByRole('combobox', { name: 'Pozice' }).click();
  await page.getByRole('option').first().click();
  await page.getByRole('button', { name: 'Přidat do týmu' }).click();
  await expect(page.getByRole('cell', { name: 'Alena Správcová' })).toBeVisible();
  await screenshot(page, 'event-team');

  await page.getByRole('link', { name: 'Akce', exact: true }).click();
  await expect(page.getByRole('link', { name: 'Jarní úklid parku' })).toBeVisible();
  await screenshot(page, 'events');
});
