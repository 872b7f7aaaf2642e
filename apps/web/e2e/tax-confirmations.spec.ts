import { readFile } from 'node:fs/promises';
import { expect, test, type Download, type Page } from '@playwright/test';
import { adminApi, signInAsAdminAt, type Page1 } from './fixtures/admin-api.js';
import { mails, screenshot } from './fixtures/klub.js';

const YEAR = new Date().getFullYear() - 1;

async function bytesOf(download: Download): Promise<Buffer> {
  return readFile(await download.path());
}

/** A download started by `click`, with its name and bytes. */
async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: download.suggestedFilename(), bytes: await bytesOf(download) };
}

test('edits a unit’s template, previews, generates, downloads one and all, and sends the year’s confirmations', async ({ page }) => {
  // Five screens and two worker jobs on a shared two-core machine.
  test.setTimeout(150_000);
  await signInAsAdminAt(page, '/app/tax-confirmations');

  // A unit of its own with one donor who gave twice last year (and once expected, not counted).
  const unit = await adminApi<{ id: number }>(page, 'POST', 'administrative-units/', {
    name: 'Spolek Čížek',
    city: 'Brno',
    street: 'Údolní 5',
    zip_code: '602 00',
    // The original's default sender (`example@nothing_will_sent.ex`) is no address an SMTP server takes.
    from_email_str: 'Spolek Čížek <cizek@example.cz>',
  });
  const account = await adminApi<{ id: number }>(page, 'POST', 'money-accounts/', { kind: 'bank', administrative_unit: unit.id, slug: 'e2e-cizek', bank_account_number: '2900000001/2010' });
  const donor = await adminApi<{ id: number }>(page, 'POST', 'profiles/', {
    email: 'sarka.darcova@example.cz',
    first_name: 'Šárka',
    last_name: 'Dárcová',
    street: 'Květná 12',
    city: 'Brno',
    zip_code: '603 00',
    administrative_units: [unit.id],
  });
  const event = (await adminApi<Page1<{ id: number }>>(page, 'GET', 'events/?page_size=1')).results[0]!;
  const channel = await adminApi<{ id: number }>(page, 'POST', 'donor-payment-channels/', {
    VS: '555000111',
    user: donor.id,
    event: event.id,
    money_account: account.id,
    regular_amount: 600,
    regular_frequency: 'monthly',
    exceptional_membership: false,
    old_account: false,
  });
  for (const [date, type] of [[`${YEAR}-03-10`, 'bank-transfer'], [`${YEAR}-09-10`, 'bank-transfer'], [`${YEAR}-12-10`, 'expected']] as const) {
    await adminApi(page, 'POST', 'payments/', { date, amount: 600, type, user_donor_payment_channel: channel.id, recipient_account: account.id });
  }

  // Choose the unit (the page lists units as it found them: load it again); the year defaults to last year.
  await page.reload();
  await page.getByRole('combobox', { name: 'Organizační jednotka' }).click();
  await page.getByRole('option', { name: 'Spolek Čížek' }).click();
  await expect(page.getByLabel('Rok')).toHaveValue(String(YEAR));

  // The template: an unknown variable is refused next to its field, then the text is saved.
  await page.getByRole('link', { name: 'Upravit šablonu' }).click();
  await expect(page.getByRole('heading', { name: 'Šablona potvrzení: Spolek Čížek' })).toBeVisible();
  const text = page.getByRole('textbox', { name: 'Text potvrzení (česky)' });
  await text.fill('Děkujeme, {name}, za dar {castka} v roce {year}.');
  await page.getByRole('textbox', { name: 'Podepisující (jméno a funkce)' }).fill('Marie Čížková, předsedkyně');
  await page.getByRole('button', { name: 'Uložit' }).click();
  await expect(page.getByText(/Neznámá proměnná \{castka\}/)).toBeVisible();
  await expect(text).toHaveAttribute('aria-invalid', 'true');
  await screenshot(page, 'tax-template');
  await text.fill('Děkujeme, {name}, za dar {amount} ({amount_words}) v roce {year}.');
  await page.getByRole('button', { name: 'Uložit' }).click();
  await expect(page.getByText('Uloženo')).toBeVisible();
  await expect(page.getByText(/Neznámá proměnná/)).toHaveCount(0);
  await page.getByRole('link', { name: /Zpět na potvrzení/ }).click();

  // A preview of one confirmation, shown and downloadable, before anything is generated.
  await page.getByRole('button', { name: 'Náhled potvrzení' }).click();
  const dialog = page.getByRole('dialog', { name: 'Náhled potvrzení' });
  await expect(dialog.locator('iframe')).toHaveAttribute('src', /^blob:/);
  const preview = await downloaded(page, () => dialog.getByRole('link', { name: 'Stáhnout náhled (PDF)' }).click());
  expect(preview.name).toBe(`potvrzeni-${YEAR}-${donor.id}.pdf`);
  expect(preview.bytes.subarray(0, 5).toString()).toBe('%PDF-');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // Generate: the job's progress, then the list with the amount and the state.
  await page.getByRole('button', { name: 'Vygenerovat potvrzení' }).click();
  await expect(page.getByTestId('tax-job-state')).toHaveText(/Hotovo/, { timeout: 60_000 });
  const row = page.getByRole('row', { name: /Šárka Dárcová/ });
  await expect(row).toContainText(/1\s200\sKč/);
  await expect(row).toContainText('Vygenerováno');
  await screenshot(page, 'tax-confirmations');

  const one = await downloaded(page, () => row.getByRole('button', { name: 'Stáhnout potvrzení: Šárka Dárcová' }).click());
  expect(one.name).toBe(`potvrzeni-${YEAR}-${donor.id}.pdf`);
  expect(one.bytes.subarray(0, 5).toString()).toBe('%PDF-');

  const zip = await downloaded(page, () => page.getByRole('button', { name: 'Stáhnout vše (ZIP)' }).click());
  expect(zip.name).toBe(`potvrzeni-${YEAR}-${unit.id}.zip`);
  expect(zip.bytes.subarray(0, 2).toString()).toBe('PK');
  expect(zip.bytes.includes(Buffer.from(`potvrzeni-${YEAR}-${donor.id}.pdf`))).toBe(true);

  // Send: each donor gets their own, once.
  await page.getByRole('button', { name: 'Rozeslat e-mailem' }).click();
  await expect(page.getByTestId('tax-job-state')).toHaveText(/Hotovo/, { timeout: 60_000 });
  await expect(row).toContainText(/Ve frontě k odeslání|Odesláno/);
  await expect.poll(async () => (await mails()).filter((m) => m.to.includes('sarka.darcova@example.cz')).length, { timeout: 30_000 }).toBe(1);
  await expect
    .poll(
      async () => {
        await page.reload();
        return page.getByRole('row', { name: /Šárka Dárcová/ }).textContent();
      },
      { timeout: 30_000 },
    )
    .toContain('Odesláno');
});
