import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { adminApi, type Page1 } from './fixtures/admin-api.js';
import { baseUrl, screenshot, signInAsAdmin } from './fixtures/klub.js';
import { DORMANT } from './fixtures/users.js';

// Issue 22: the person's page has the export, the consent history per unit, who looked and the
// erasure; the retention screen lists the rule's candidates with the erasure per person.

const ADMIN = 'Alena Správcová';

/** Types the name and a reason (the first confirmation), reviews the summary, erases (the second). */
async function erase(page: Page, name: string) {
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  const next = dialog.getByRole('button', { name: 'Pokračovat' });
  await expect(next).toBeDisabled();
  await dialog.getByRole('textbox', { name: `Pro potvrzení napište: ${name}` }).fill(name);
  await dialog.getByRole('textbox', { name: 'Důvod (zůstane v auditu)' }).fill('žádost e-mailem, č. j. 42');
  await next.click();
  await expect(dialog.getByText(/^Odstraní se: e-mailů \d+/)).toBeVisible();
  await expect(dialog.getByText(/^Zůstane kvůli účetnictví: plateb \d+/)).toBeVisible();
  await dialog.getByRole('button', { name: 'Vymazat nevratně' }).click();
  await expect(dialog.getByText('Osoba je vymazána.')).toBeVisible();
  await expect(dialog.getByText(/^Odstraněno: e-mailů \d+, telefonů \d+/)).toBeVisible();
  await dialog.getByRole('button', { name: 'Zavřít' }).click();
  await expect(dialog).toBeHidden();
}

test.describe('data protection', () => {
  test('consent history per unit, who looked, the export ZIP and the erasure on the person’s page', async ({ page }) => {
    await signInAsAdmin(page, '/app/');
    const units = await adminApi<Page1<{ id: number; name: string }>>(page, 'GET', 'administrative-units/?page_size=1&ordering=name');
    const unit = units.results[0]!;
    // Staff adding the unit records the consent given then (source "staff", the admin as actor).
    const person = await adminApi<{ id: number }>(page, 'POST', 'profiles/', {
      kind: 'user',
      first_name: 'Erika',
      last_name: 'Zapomnětlivá',
      email: 'erika.zapomnetliva@example.cz',
      administrative_units: [unit.id],
    });

    await page.goto(`${baseUrl()}/app/people/${person.id}?tab=privacy`);
    await expect(page.getByRole('heading', { name: 'Erika Zapomnětlivá' })).toBeVisible();

    // Consent history, one table per unit; staff record a withdrawal.
    const consent = page.getByRole('table', { name: `Souhlas se zasíláním hromadných e-mailů: ${unit.name}` });
    await expect(consent.locator('tbody tr')).toHaveCount(1);
    await expect(consent.locator('tbody tr').first()).toContainText('souhlasí');
    await expect(consent.locator('tbody tr').first()).toContainText('pracovník');
    await expect(consent.locator('tbody tr').first()).toContainText(ADMIN);
    await page.getByRole('button', { name: 'Zaznamenat odvolání souhlasu' }).click();
    await expect(consent.locator('tbody tr')).toHaveCount(2);
    await expect(consent.locator('tbody tr').nth(1)).toContainText('souhlasí → nesouhlasí');
    await expect(page.getByRole('button', { name: 'Zaznamenat souhlas' })).toBeVisible();

    // Opening the page was recorded: who looked.
    const access = page.getByRole('table', { name: 'Kdo nahlížel' });
    await expect(access.locator('tbody tr').first()).toContainText('zobrazení');
    await expect(access.locator('tbody tr').first()).toContainText(ADMIN);
    await screenshot(page, 'person-data-protection');

    // The export: a ZIP with person.json, and an "export" entry in who looked.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Stáhnout export (ZIP)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`person-${person.id}.zip`);
    const zip = readFileSync(await download.path());
    expect(zip.subarray(0, 2).toString()).toBe('PK');
    expect(zip.includes(Buffer.from('person.json'))).toBe(true);
    await expect(access.getByRole('cell', { name: 'export', exact: true })).toBeVisible();

    // The erasure, confirmed twice; the page then shows the anonymised record.
    await page.getByRole('button', { name: 'Vymazat osobu…' }).click();
    await erase(page, 'Erika Zapomnětlivá');
    await expect(page.getByRole('heading', { name: '(anonymised)' })).toBeVisible();
    await expect(access.getByRole('cell', { name: 'výmaz', exact: true })).toBeVisible();
    // The consent history stays (it names no one), the person's data do not.
    await expect(consent.locator('tbody tr')).toHaveCount(2);
    const erased = await adminApi<{ email: string | null; first_name: string }>(page, 'GET', `profiles/${person.id}/`);
    expect(erased).toMatchObject({ email: null, first_name: '' });
    const again = await adminApi<Page1<unknown>>(page, 'GET', 'people/?search=erika.zapomnetliva%40example.cz');
    expect(again.count).toBe(0);
  });

  test('the retention screen explains the rule and erases a candidate', async ({ page }) => {
    const name = `${DORMANT.firstName} ${DORMANT.lastName}`;
    await signInAsAdmin(page, '/app/');
    await page.getByRole('link', { name: 'Retence údajů' }).click();
    await expect(page.getByRole('heading', { name: 'Retence údajů' })).toBeVisible();
    await expect(page.getByText(/za posledních 10 let nezaplatili/)).toBeVisible();
    const table = page.getByRole('table', { name: 'Retence údajů' });
    const row = table.locator('tbody tr', { hasText: DORMANT.email });
    await expect(row).toContainText(name);
    await expect(row).toContainText('2012');
    await screenshot(page, 'retention');

    // The link opens the person's data protection tab.
    await row.getByRole('link', { name }).click();
    await expect(page).toHaveURL(/\/app\/people\/\d+\?tab=privacy$/);
    await page.goBack();

    await table.locator('tbody tr', { hasText: DORMANT.email }).getByRole('button', { name: `Vymazat osobu ${name}…` }).click();
    await erase(page, name);
    // Erased people are no longer candidates.
    await expect(table.locator('tbody tr', { hasText: DORMANT.email })).toHaveCount(0);
  });
});
