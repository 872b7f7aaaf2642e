/**
 * `pnpm --filter @klub/emails preview [outDir]`: renders every template in every language (and,
 * for the sign-up notification, every kind) to `<outDir>/<name>[.<kind>].<lang>.{html,txt}`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { LANGS } from './lang.js';
import { renderEmail } from './render.js';
import { passwordReset, signupNotification, SIGNUP_KINDS } from './templates/index.js';

const outDir = resolve(process.argv[2] ?? 'emails-preview');
await mkdir(outDir, { recursive: true });

const jobs: Array<{ file: string; render: () => ReturnType<typeof renderEmail> }> = [];
for (const lang of LANGS) {
  jobs.push({
    file: `password-reset.${lang}`,
    render: () => renderEmail(passwordReset, passwordReset.previewProps, lang),
  });
  for (const kind of SIGNUP_KINDS) {
    jobs.push({
      file: `signup-notification.${kind}.${lang}`,
      render: () => renderEmail(signupNotification, { ...signupNotification.previewProps, kind }, lang),
    });
  }
}
for (const job of jobs) {
  const { subject, html, text } = await job.render();
  await writeFile(resolve(outDir, `${job.file}.html`), html);
  await writeFile(resolve(outDir, `${job.file}.txt`), `Subject: ${subject}\n\n${text}\n`);
  console.log(`${job.file}: ${subject}`);
}
console.log(`${jobs.length} previews written to ${outDir}`);
