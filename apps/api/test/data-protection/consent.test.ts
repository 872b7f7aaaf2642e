import { describe, expect, it } from 'vitest';
import { makeEvent, makeUnit } from '@klub/db/testing';
import { setMailingConsent } from '@klub/domain';
import { caller, superuser } from '../admin/helpers.js';
import { useKlubApp } from '../helpers/klub-app.js';
import { bearer, rows } from '../signups/helpers.js';

/** Issue 22: the mailing consent per unit keeps its history (when, how, who, old → new). */
describe('mailing consent with history', () => {
  const app = useKlubApp();

  async function signUp() {
    const em = app.em();
    const unit = await makeUnit(em, { name: 'Auto*mat' });
    const event = await makeEvent(em, { name: 'Cleanup', administrativeUnits: [unit] });
    const client = await app.client('read write can_create_userprofile_interaction');
    const res = await app.api('/api/sign_up_for_event/', {
      method: 'POST',
      headers: bearer(client.token),
      json: { first_name: 'Hana', last_name: 'Souhlasná', email: 'hana@example.org', event: event.id },
    });
    expect(res.status).toBe(200);
    const id = (res.body as { user_id: number }).user_id;
    return { unit, id };
  }

  it('records the consent given at sign-up, staff changes with the actor, and the unsubscribe link', async () => {
    const { unit, id } = await signUp();
    const su = await superuser(app);
    const api = caller(app, su.headers);

    let history = await api('GET', `/api/admin/profiles/${id}/consent-history/`);
    expect(history.status).toBe(200);
    expect(history.body).toEqual([
      expect.objectContaining({ administrative_unit: unit.id, administrative_unit_name: 'Auto*mat', old_value: null, new_value: true, source: 'signup', actor: null, actor_name: null }),
    ]);

    const withdrawn = await api('POST', `/api/admin/profiles/${id}/mailing-consent/`, { administrative_unit: unit.id, consent: false });
    expect(withdrawn.status).toBe(200);
    expect(await rows(app, 'select send_mailing_lists from preference where user_id = ?', [id])).toEqual([{ send_mailing_lists: false }]);
    // The same value again changes nothing and records nothing.
    await api('POST', `/api/admin/profiles/${id}/mailing-consent/`, { administrative_unit: unit.id, consent: false });

    // What the one-click unsubscribe calls (here: giving consent back, as the person would by re-subscribing).
    await setMailingConsent(app.em(), { profileId: id, unitId: unit.id, consent: true, source: 'unsubscribe', actorId: id });

    history = await api('GET', `/api/admin/profiles/${id}/consent-history/`);
    expect((history.body as Array<Record<string, unknown>>).map(({ old_value, new_value, source, actor }) => ({ old_value, new_value, source, actor }))).toEqual([
      { old_value: null, new_value: true, source: 'signup', actor: null },
      { old_value: true, new_value: false, source: 'staff', actor: su.id },
      { old_value: false, new_value: true, source: 'unsubscribe', actor: id },
    ]);
    expect((history.body as Array<{ created_at: string }>)[0]!.created_at).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('records staff adding a unit in the admin API, and refuses consent to a unit the person is not in', async () => {
    const su = await superuser(app);
    const api = caller(app, su.headers);
    const unit = await makeUnit(app.em(), { name: 'Brno' });
    const other = await makeUnit(app.em(), { name: 'Praha' });
    const created = await api('POST', '/api/admin/profiles/', { kind: 'user', email: 'petr@example.org', administrative_units: [unit.id] });
    expect(created.status).toBe(201);
    const id = (created.body as { id: number }).id;
    const history = await api('GET', `/api/admin/profiles/${id}/consent-history/`);
    expect(history.body).toEqual([
      expect.objectContaining({ administrative_unit: unit.id, old_value: null, new_value: true, source: 'staff', actor: su.id, actor_name: 'root' }),
    ]);

    const refused = await api('POST', `/api/admin/profiles/${id}/mailing-consent/`, { administrative_unit: other.id, consent: true });
    expect(refused.status).toBe(404);
    const bad = await api('POST', `/api/admin/profiles/${id}/mailing-consent/`, { administrative_unit: unit.id, consent: 'maybe' });
    expect(bad.status).toBe(400);
    expect(bad.body).toHaveProperty('consent');
    expect((await api('GET', '/api/admin/profiles/999999/consent-history/')).status).toBe(404);
  });

  it('is for staff of the person’s units only (404 to other staff, 403 to non-staff)', async () => {
    const { id } = await signUp();
    const staff = await app.user({ username: 'staffer', isStaff: true });
    const res = await app.api(`/api/admin/profiles/${id}/consent-history/`, { headers: bearer(staff.access) });
    expect(res.status).toBe(404);
    const member = await app.user({ username: 'member' });
    expect((await app.api(`/api/admin/profiles/${id}/consent-history/`, { headers: bearer(member.access) })).status).toBe(403);
  });
});
