import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdministrativeUnit,
  DonorPaymentChannel,
  Event,
  InteractionType,
  OAuthApplication,
  Profile,
  ProfileEmail,
  initOrm,
} from '../src/index.js';
import {
  makeDonorPaymentChannel,
  makeEvent,
  makeEventType,
  makeLocation,
  makeOAuthApplication,
  makePayment,
  makeProfile,
  resetDatabase,
} from '../src/testing/index.js';
import { TEST_DATABASE_URL } from './helpers.js';

describe('@klub/db/testing', () => {
  let orm: MikroORM;
  beforeAll(async () => {
    orm = await initOrm(TEST_DATABASE_URL);
    await resetDatabase(orm);
  });
  afterAll(async () => {
    await orm.close(true);
  });

  it('factories create linked rows', async () => {
    const em = orm.em.fork();
    const profile = await makeProfile(em, { email: 'Ann@Example.cz' });
    const type = await makeEventType(em, { slug: 'tabor' });
    const location = await makeLocation(em);
    const event = await makeEvent(em, { eventType: type, location });
    const channel = await makeDonorPaymentChannel(em, { vs: '0000000001', user: profile, event });
    await makePayment(em, { userDonorPaymentChannel: channel, amount: 250, date: '2025-01-31' });
    await makeOAuthApplication(em, { clientSecretHash: 'hash', defaultScopes: 'read write can_create_profiles' });

    const fresh = orm.em.fork();
    expect((await fresh.findOneOrFail(ProfileEmail, { user: profile.id })).isPrimary).toBe(true);
    const loadedEvent = await fresh.findOneOrFail(Event, event.id, { populate: ['administrativeUnits', 'eventType'] });
    expect(loadedEvent.administrativeUnits).toHaveLength(1);
    expect(loadedEvent.eventType?.getEntity().slug).toBe('tabor');
    const loadedChannel = await fresh.findOneOrFail(DonorPaymentChannel, channel.id, { populate: ['payments'] });
    expect(loadedChannel.payments.getItems().map((p) => [p.amount, p.date])).toEqual([[250, '2025-01-31']]);
    expect((await fresh.findOneOrFail(OAuthApplication, { clientSecretHash: 'hash' })).authorizationGrantType).toBe(
      'client-credentials',
    );
  });

  it('resetDatabase empties the tables, restarts ids and restores the built-in rows', async () => {
    await makeProfile(orm.em.fork());
    await resetDatabase(orm);
    const em = orm.em.fork();
    expect(await em.count(Profile)).toBe(0);
    expect(await em.count(AdministrativeUnit)).toBe(0);
    expect(await em.count(InteractionType, { slug: 'event_registration' })).toBe(1);
    expect((await makeProfile(em)).id).toBe(1);
  });
});
