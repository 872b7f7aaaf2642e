import { expect, test } from '@playwright/test';
import { baseUrl, screenshot, signInAsAdmin } from './fixtures/klub.js';

// The demo data (packages/db seedDemo): demo01…, demoNN@example.cz; the n-th donor's VS is n padded to 10 digits.

test.describe('people', () => {
  test('finds a person by e-mail and opens their page', async ({ page }) => {
    await signInAsAdmin(page, '/app/people');
    await expect(page.getByRole('heading', { name: 'Lidé' })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Lidé' }).getByRole('link').first()).toBeVisible();
    await screenshot(page, 'people');

    await page.getByLabel('Hledat jméno, e-mail, telefon nebo VS').fill('demo03@example.cz');
    // The search is in the URL, so the filtered list is a link.
    await expect(page).toHaveURL(/search=demo03%40example\.cz/);
    const rows = page.getByRole('table', { name: 'Lidé' }).locator('tbody tr');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('demo03@example.cz');
    await rows.first().getByRole('link').click();

    await expect(page).toHaveURL(/\/app\/people\/\d+$/);
    await expect(page.getByRole('textbox', { name: 'Hlavní e-mail' })).toHaveValue('demo03@example.cz');
    await screenshot(page, 'person');
    await page.getByRole('tab', { name: 'Dary' }).click();
    await expect(page).toHaveURL(/tab=donations/);
    await expect(page.getByRole('heading', { name: 'VS 0000000003' })).toBeVisible();
    await screenshot(page, 'person-donations');
  });

  test('finds a person by VS, with the filters kept in the link', async ({ page }) => {
    await signInAsAdmin(page, '/app/people?search=%220000000003%22&regular=true');
    const rows = page.getByRole('table', { name: 'Lidé' }).locator('tbody tr');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('0000000003');
    await expect(rows.first()).toContainText('demo03@example.cz');
    await expect(page.getByRole('textbox', { name: 'Hledat jméno, e-mail, telefon nebo VS' })).toHaveValue(
      '0000000003',
    );
  });

  test('edits a field, sees the API’s field error, then saves and finds the change in the history', async ({
    page,
  }) => {
    await signInAsAdmin(page, '/app/people?search=demo04%40example.cz');
    await page.getByRole('table', { name: 'Lidé' }).locator('tbody tr').first().getByRole('link').click();
    const email = page.getByRole('textbox', { name: 'Hlavní e-mail' });
    await expect(email).toHaveValue('demo04@example.cz');

    // Another person's address: only the API knows it is taken.
    await email.fill('demo05@example.cz');
    await page.getByRole('button', { name: 'Uložit' }).click();
    await expect(page.getByText('Tato položka musí být unikátní.')).toBeVisible();
    await expect(email).toHaveAttribute('aria-invalid', 'true');
    await expect(email).toBeFocused();

    await email.fill('demo04@example.cz');
    await page.getByRole('textbox', { name: 'Město' }).fill('Olomouc');
    await page.getByRole('button', { name: 'Uložit' }).click();
    await expect(page.getByText('Uloženo')).toBeVisible();

    await page.getByRole('tab', { name: 'Historie' }).click();
    await expect(page.getByRole('table', { name: 'Historie' })).toContainText(/city: "[^"]*" → "Olomouc"/);
  });

  test('creates a person and adds an interaction to the timeline', async ({ page }) => {
    await signInAsAdmin(page, '/app/people/new');
    await page.getByRole('textbox', { name: 'Jméno' }).fill('Zdeňka');
    await page.getByRole('textbox', { name: 'Příjmení' }).fill('Nová');
    await page.getByRole('textbox', { name: 'Hlavní e-mail' }).fill('zdenka.nova@example.cz');
    await page.getByRole('button', { name: 'Vytvořit' }).click();
    await expect(page.getByRole('heading', { name: 'Zdeňka Nová' })).toBeVisible();

    await page.getByRole('tab', { name: 'Interakce' }).click();
    await page.getByRole('button', { name: 'Přidat' }).click();
    // The API's field errors, next to the fields.
    await expect(page.getByRole('textbox', { name: 'Předmět' })).toHaveAttribute('aria-invalid', 'true');
    await page.getByRole('combobox', { name: 'Typ' }).click();
    await page.getByRole('option').first().click();
    await page.getByRole('combobox', { name: 'Organizační jednotka' }).click();
    await page.getByRole('option').first().click();
    await page.getByRole('textbox', { name: 'Předmět' }).fill('Telefonát o daru');
    await page.getByRole('button', { name: 'Přidat' }).click();
    await expect(page.getByText('Interakce je uložená.')).toBeVisible();
    await expect(page.getByText('Telefonát o daru')).toBeVisible();
    await screenshot(page, 'person-interactions');
  });
});

test('an unknown person answers "no such record"', async ({ page }) => {
  await signInAsAdmin(page, '/app/people/999999');
  await expect(page.getByRole('alert')).toContainText('Záznam neexistuje.');
  expect(baseUrl()).toBeTruthy();
});
