import { expect, test } from '@playwright/test';
import { signInAsAdminAt } from './fixtures/admin-api.js';
import { screenshot } from './fixtures/klub.js';

test('creates an OAuth application and sees its secret exactly once', async ({ page }) => {
  // Three screens and a worker job on a shared two-core machine.
  test.setTimeout(90_000);
  await signInAsAdminAt(page, '/app/settings?tab=oauth');
  await page.getByLabel('Název aplikace').fill('Web pro dárce');
  await page.getByRole('button', { name: 'Vytvořit aplikaci' }).click();

  const dialog = page.getByRole('dialog', { name: 'Tajný klíč aplikace Web pro dárce' });
  const secret = (await dialog.getByTestId('client-secret').textContent())!;
  expect(secret.length).toBeGreaterThan(20);
  await screenshot(page, 'oauth-secret');
  await dialog.getByRole('button', { name: 'Mám ho uložený' }).click();
  await expect(dialog).toBeHidden();

  // Listed without it, and never shown again, not even after a reload.
  await expect(page.getByRole('cell', { name: 'Web pro dárce', exact: true })).toBeVisible();
  await expect(page.getByText(secret)).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('cell', { name: 'Web pro dárce', exact: true })).toBeVisible();
  expect(await page.content()).not.toContain(secret);

  // Rotating answers a new one, once.
  await page.getByRole('button', { name: 'Nový klíč pro Web pro dárce' }).click();
  const rotated = (await page.getByTestId('client-secret').textContent())!;
  expect(rotated).not.toBe(secret);
  await page.getByRole('button', { name: 'Mám ho uložený' }).click();
  await page.getByRole('button', { name: 'Zneplatnit tokeny aplikace Web pro dárce' }).click();
  await expect(page.getByText('Tokeny zneplatněny')).toBeVisible();
  await screenshot(page, 'settings');
});
