import { expect } from 'vitest';
import { makeDonorPaymentChannel, makeEvent, makeMoneyAccount, makePayment, makeProfile, makeUnit } from '@klub/db/testing';
import { fileStorageAt } from '@klub/storage';
import { caller, superuser } from '../admin/helpers.js';
import type { KlubApp } from '../helpers/klub-app.js';
import { bearer, rows } from '../signups/helpers.js';

/** What identifies the fixture's person: none of it may survive an erasure anywhere in the database. */
export const PERSON = {
  first: 'Zdeňka',
  last: 'Unikátová',
  renamed: 'Zapomenutá',
  email: 'zdenka.unikatova@example.org',
  phone: '+420 777 987 654',
  street: 'Kvítková 1234',
  password: 'Kocour-na-plote-2024',
};

/**
 * A person with something in most tables that refer to a profile: signed up for an event (with
 * a note), renamed by staff (audit entries), a browser session, a place in an event's org team,
 * a donation channel with payments naming them, an e-mail sent to them and a profile picture.
 * Another donor of the same unit has payments too.
 */
export async function richPerson(app: KlubApp) {
  const em = app.em();
  const unit = await makeUnit(em, { name: 'Auto*mat' });
  const event = await makeEvent(em, { name: 'Cleanup', administrativeUnits: [unit] });
  const client = await app.client('read write can_create_userprofile_interaction');
  const signup = await app.api('/api/sign_up_for_event/', {
    method: 'POST',
    headers: bearer(client.token),
    json: {
      first_name: PERSON.first,
      last_name: PERSON.last,
      email: PERSON.email,
      telephone: PERSON.phone,
      street: PERSON.street,
      city: 'Brno',
      note: `Jsem ${PERSON.first} a mám alergii na včely`,
      age_group: 1980,
      birth_month: 5,
      birth_day: 17,
      event: event.id,
    },
  });
  expect(signup.status).toBe(200);
  const id = (signup.body as { user_id: number }).user_id;

  const su = await superuser(app);
  const api = caller(app, su.headers);
  const patched = await api('PATCH', `/api/admin/profiles/${id}/`, { last_name: PERSON.renamed, username: 'zdenka', password: PERSON.password });
  expect(patched.status).toBe(200);
  const login = await app.api('/api/auth/login/', { method: 'POST', json: { username: 'zdenka', password: PERSON.password } });
  expect(login.status).toBe(200);

  const sql = (q: string, p: unknown[] = []) => rows(app, q, p);
  const [position] = await sql(`insert into organization_position (name, description) values ('Coordinator', '') returning id`);
  await sql('insert into organization_team (profile_id, event_id, position_id) values (?, ?, ?)', [id, event.id, position!.id]);

  const account = await makeMoneyAccount(em, { administrativeUnit: unit });
  const profileRef = em.getReference('Profile', id) as never;
  const channel = await makeDonorPaymentChannel(em, { user: profileRef, moneyAccount: account, event, vs: '1001' });
  await makePayment(em, {
    userDonorPaymentChannel: channel,
    recipientAccount: account,
    amount: 500,
    vs: '1001',
    accountName: `${PERSON.renamed} ${PERSON.first}`,
    doneBy: `${PERSON.first} ${PERSON.renamed}`,
    recipientMessage: `dar od ${PERSON.email}`,
  });
  await makePayment(em, { userDonorPaymentChannel: channel, recipientAccount: account, amount: 300 });
  const otherDonor = await makeProfile(em, { firstName: 'Ondřej', lastName: 'Jiný' });
  const otherChannel = await makeDonorPaymentChannel(em, { user: otherDonor, moneyAccount: account, event, vs: '1002' });
  await makePayment(em, { userDonorPaymentChannel: otherChannel, recipientAccount: account, amount: 700, accountName: 'Jiný Ondřej' });

  await sql(`insert into sent_email (outbox_message_id, "to", subject, status) values (987654, ?, ?, 'sent')`, [
    `${PERSON.first} ${PERSON.renamed} <${PERSON.email}>`,
    `Dobrý den, ${PERSON.first}`,
  ]);

  // A copy where no rule looks for it: only the sweep of every text column finds it.
  await sql('update event set note = ? where id = ?', [`Kontakt: ${PERSON.email}, ${PERSON.phone}`, event.id]);

  const storage = fileStorageAt(app.env.STORAGE_DIR);
  const picture = await storage.save('profile_pictures', 'me.jpg', Buffer.from('not really a jpeg'));
  await sql('update profile set profile_picture = ? where id = ?', [picture, id]);

  return { id, unit, event, account, su, api, picture, storage, otherDonor };
}
