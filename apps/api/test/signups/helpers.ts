import type { KlubApp } from '../helpers/klub-app.js';

/** Rows of a table, for asserting what a request wrote (or did not write). */
export async function rows<T = Record<string, unknown>>(app: KlubApp, sql: string, params: unknown[] = []): Promise<T[]> {
  return app.em().getConnection().execute<T[]>(sql, params);
}

/** The number of rows in each table a people endpoint writes to. */
export async function counts(app: KlubApp): Promise<Record<string, number>> {
  const tables = ['profile', 'profile_email', 'telephone', 'interaction', 'donor_payment_channel', 'outbox_message', 'company_contact', 'payment', 'preference'];
  const out: Record<string, number> = {};
  for (const t of tables) {
    const [r] = await rows<{ n: string }>(app, `select count(*) as n from ${t}`);
    out[t] = Number(r?.n ?? 0);
  }
  return out;
}

/** The jobs written to the outbox, oldest first. */
export async function outbox(app: KlubApp): Promise<Array<{ jobName: string; payload: Record<string, unknown> }>> {
  return rows(app, 'select job_name as "jobName", payload from outbox_message order by id');
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
