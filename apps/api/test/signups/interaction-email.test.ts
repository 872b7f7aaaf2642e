import { describe, expect, it } from 'vitest';
import { InteractionType, OutboxMessage } from '@klub/db';
import { makeEvent, makeUnit } from '@klub/db/testing';
import { useKlubApp } from '../helpers/klub-app.js';

type Payload = { kind: string; email: string; subject?: string; body?: string; interactionId: number | null; from: string };

describe('interactions of a send_email type are e-mailed (api.md §12.6)', () => {
  const app = useKlubApp();

  async function interactionJobs(): Promise<Payload[]> {
    const rows = await app.em().find(OutboxMessage, { jobName: 'email.signup-notification' }, { orderBy: { id: 'asc' } });
    return rows.map((r) => r.payload as Payload).filter((p) => p.kind === 'interaction');
  }

  it('queues the registration made through /api/frontend/my_events/ with its subject and summary', async () => {
    const em = app.em();
    await em.nativeUpdate(InteractionType, { slug: 'event_registration' }, { sendEmail: true });
    const unit = await makeUnit(em, { fromEmailStr: 'Auto*Mat <akce@auto-mat.cz>' });
    const event = await makeEvent(em, { administrativeUnits: [unit], startDate: new Date() });
    const user = await app.user({ email: 'ann@example.org' });
    const res = await app.api('/api/frontend/my_events/', {
      method: 'POST',
      headers: { authorization: `Bearer ${user.access}` },
      json: { event: event.id, type__slug: 'event_registration', summary: 'Q?:\n    yes' },
    });
    expect(res.status).toBe(201);
    expect(await interactionJobs()).toEqual([
      expect.objectContaining({
        email: 'ann@example.org',
        subject: 'Registrace do akci',
        body: 'Q?:\n    yes',
        from: 'Auto*Mat <akce@auto-mat.cz>',
        interactionId: (res.body as { id: number }).id,
      }),
    ]);
  });

  it('queues nothing for types without send_email, the built-in default', async () => {
    const event = await makeEvent(app.em(), { startDate: new Date() });
    const user = await app.user();
    const res = await app.api('/api/frontend/my_events/', {
      method: 'POST',
      headers: { authorization: `Bearer ${user.access}` },
      json: { event: event.id, type__slug: 'event_registration' },
    });
    expect(res.status).toBe(201);
    expect(await interactionJobs()).toEqual([]);
  });

  it('queues the sign-up interaction beside the sign-up confirmation', async () => {
    const em = app.em();
    await em.nativeUpdate(InteractionType, { slug: 'event_registration' }, { sendEmail: true });
    const event = await makeEvent(em);
    const staff = await app.user({ isStaff: true });
    const res = await app.api('/api/sign_up_for_event/', {
      method: 'POST',
      headers: { authorization: `Bearer ${staff.access}` },
      json: { email: 'Bob@Example.org', event: event.id, note: 'hi' },
    });
    expect(res.status).toBe(200);
    const jobs = (await app.em().find(OutboxMessage, {}, { orderBy: { id: 'asc' } })).map((r) => r.payload as Payload);
    expect(jobs.map((j) => j.kind).sort()).toEqual(['event-signup', 'interaction']);
    expect(jobs.find((j) => j.kind === 'interaction')).toMatchObject({ email: 'bob@example.org', body: 'note:\n    hi\n' });
  });
});
