import { expect, test } from '@playwright/test';
import { screenshot, signInAsAdmin } from './fixtures/klub.js';

test('creates an event and adds a team member', async ({ page }) => {
  await signInAsAdmin(page, '/app/events');
  await page.getByRole('link', { name: 'Nová akce' }).click();
  // The API's field error next to the field: an event needs a unit.
  await page.getByLabel('Název').fill('Jarní úklid parku');
  await page.getByRole('button', { name: 'Uložit' }).click();
  await expect(page.getByText('This list may not be empty.').or(page.getByText('Tento seznam nemůže být prázdný.')).or(page.getByText(/povinn|required/i)).first()).toBeVisible();

  await page.getByRole('textbox', { name: 'Organizační jednotky' }).click();
  await page.getByRole('option').first().click();
  await page.keyboard.press('Escape');
  await page.getByLabel('Začátek').fill('2027-04-10T09:00');
  await page.getByRole('button', { name: 'Uložit' }).click();

  await expect(page.getByRole('heading', { name: 'Jarní úklid parku' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Organizační tým', selected: true })).toBeVisible();
  await expect(page.getByText('Akce zatím nemá tým')).toBeVisible();
  await page.getByRole('textbox', { name: 'Člen týmu' }).fill('Správcová');
  await page.getByRole('option', { name: /Alena Správcová/ }).click();
  await page.getByRole('textbox', { name: 'Pozice' }).click();
  await page.getByRole('option').first().click();
  await page.getByRole('button', { name: 'Přidat do týmu' }).click();
  await expect(page.getByRole('cell', { name: 'Alena Správcová' })).toBeVisible();
  await screenshot(page, 'event-team');

  await page.getByRole('link', { name: 'Akce', exact: true }).click();
  await expect(page.getByRole('link', { name: 'Jarní úklid parku' })).toBeVisible();
  await screenshot(page, 'events');
});
