import {
  CheckConstraintViolationException,
  ForeignKeyConstraintViolationException,
  UniqueConstraintViolationException,
} from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AdministrativeUnit,
  DonorPaymentChannel,
  Event,
  MoneyAccount,
  Profile,
  ProfileEmail,
  Telephone,
  initOrm,
} from '../src/index.js';
import {
  makeDonorPaymentChannel,
  makeEvent,
  makeMoneyAccount,
  makePayment,
  makeProfile,
  makeUnit,
  resetDatabase,
} from '../src/testing/index.js';
import { TEST_DATABASE_URL } from './helpers.js';

describe('database constraints (domain.md)', () => {
  let orm: MikroORM;
  beforeAll(async () => {
    orm = await initOrm(TEST_DATABASE_URL);
  });
  beforeEach(async () => {
    await resetDatabase(orm);
  });
  afterAll(async () => {
    await orm.close(true);
  });

  describe('profile_email', () => {
    it('rejects a second primary e-mail for one user', async () => {
      const profile = await makeProfile(orm.em.fork(), { email: 'first@example.cz' });
      const em = orm.em.fork();
      em.create(ProfileEmail, { email: 'second@example.cz', isPrimary: true, user: profile.id });
      await expect(em.flush()).rejects.toBeInstanceOf(UniqueConstraintViolationException);
    });

    it('accepts any number of non-primary e-mails (NULL flag)', async () => {
      const profile = await makeProfile(orm.em.fork(), { email: 'first@example.cz' });
      const em = orm.em.fork();
      em.create(ProfileEmail, { email: 'second@example.cz', isPrimary: null, user: profile.id });
      em.create(ProfileEmail, { email: 'third@example.cz', user: profile.id });
      await em.flush();
      expect(await orm.em.fork().count(ProfileEmail, { user: profile.id })).toBe(3);
    });

    it('rejects FALSE as a primary flag', async () => {
      const profile = await makeProfile(orm.em.fork());
      const em = orm.em.fork();
      em.create(ProfileEmail, { email: 'x@example.cz', isPrimary: false, user: profile.id });
      await expect(em.flush()).rejects.toBeInstanceOf(CheckConstraintViolationException);
    });

    it('rejects the same e-mail differing in case', async () => {
      await makeProfile(orm.em.fork(), { email: 'jana@example.cz' });
      const profile = await makeProfile(orm.em.fork());
      // Raw SQL: the ORM path would lower-case it first (see the next test).
      await expect(
        orm.em
          .fork()
          .execute('insert into profile_email (email, user_id) values (?, ?)', ['Jana@Example.CZ', profile.id]),
      ).rejects.toBeInstanceOf(UniqueConstraintViolationException);
    });

    it('stores e-mails written through the ORM trimmed and lower-cased', async () => {
      const profile = await makeProfile(orm.em.fork(), { email: ' Eva.Nova@Example.CZ ' });
      const em = orm.em.fork();
      const stored = await em.findOneOrFail(ProfileEmail, { user: profile.id });
      expect(stored.email).toBe('eva.nova@example.cz');
      expect((await em.findOneOrFail(Profile, profile.id)).email).toBe('eva.nova@example.cz');

      stored.email = 'EVA@Example.cz';
      (await em.findOneOrFail(Profile, profile.id)).email = '';
      await em.flush();
      const fresh = orm.em.fork();
      expect((await fresh.findOneOrFail(ProfileEmail, stored.id)).email).toBe('eva@example.cz');
      expect((await fresh.findOneOrFail(Profile, profile.id)).email).toBeNull();
    });
  });

  it('rejects a second primary telephone for one user', async () => {
    const profile = await makeProfile(orm.em.fork());
    const em = orm.em.fork();
    em.create(Telephone, { telephone: '777000001', isPrimary: true, user: profile.id });
    await em.flush();
    em.create(Telephone, { telephone: '777000002', isPrimary: true, user: profile.id });
    await expect(em.flush()).rejects.toBeInstanceOf(UniqueConstraintViolationException);
  });

  it('rejects company columns on a user profile', async () => {
    const em = orm.em.fork();
    em.create(Profile, { kind: 'user', username: 'u', crn: '12345678' });
    await expect(em.flush()).rejects.toBeInstanceOf(CheckConstraintViolationException);
  });

  describe('donor_payment_channel', () => {
    it('rejects a duplicate VS in one unit, even through two money accounts', async () => {
      const unit = await makeUnit(orm.em.fork());
      const first = await makeMoneyAccount(orm.em.fork(), { administrativeUnit: unit.id });
      const second = await makeMoneyAccount(orm.em.fork(), { administrativeUnit: unit.id });
      await makeDonorPaymentChannel(orm.em.fork(), { vs: '0000000001', moneyAccount: first });
      await expect(
        makeDonorPaymentChannel(orm.em.fork(), { vs: '0000000001', moneyAccount: second }),
      ).rejects.toBeInstanceOf(UniqueConstraintViolationException);
    });

    it('accepts the same VS in another unit', async () => {
      await makeDonorPaymentChannel(orm.em.fork(), { vs: '0000000001' });
      await makeDonorPaymentChannel(orm.em.fork(), { vs: '0000000001' });
      expect(await orm.em.fork().count(DonorPaymentChannel, { vs: '0000000001' })).toBe(2);
    });

    it('rejects a second channel of one profile for one event', async () => {
      const channel = await makeDonorPaymentChannel(orm.em.fork(), { vs: '1' });
      const em = orm.em.fork();
      const user = await em.findOneOrFail(Profile, channel.user.id);
      const event = await em.findOneOrFail(Event, channel.event.id);
      await expect(makeDonorPaymentChannel(em, { vs: '2', user, event })).rejects.toBeInstanceOf(
        UniqueConstraintViolationException,
      );
    });

    it("takes its unit from the money account, and follows the account's moves", async () => {
      const [home, other] = [await makeUnit(orm.em.fork()), await makeUnit(orm.em.fork())];
      const account = await makeMoneyAccount(orm.em.fork(), { administrativeUnit: home.id });
      const channel = await makeDonorPaymentChannel(orm.em.fork(), { vs: '7', moneyAccount: account });
      const unitOf = async () =>
        (await orm.em.fork().findOneOrFail(DonorPaymentChannel, channel.id)).administrativeUnit.id;

      await orm.em
        .fork()
        .execute('update donor_payment_channel set administrative_unit_id = ? where id = ?', [other.id, channel.id]);
      expect(await unitOf()).toBe(home.id);

      await orm.em.fork().nativeUpdate(MoneyAccount, { id: account.id }, { administrativeUnit: other.id });
      expect(await unitOf()).toBe(other.id);
    });

    it('stores `quaterly` (sic) and rejects `quarterly`', async () => {
      const channel = await makeDonorPaymentChannel(orm.em.fork(), { vs: '1', regularFrequency: 'quaterly' });
      expect((await orm.em.fork().findOneOrFail(DonorPaymentChannel, channel.id)).regularFrequency).toBe('quaterly');
      await expect(
        orm.em
          .fork()
          .execute(`update donor_payment_channel set regular_frequency = 'quarterly' where id = ?`, [channel.id]),
      ).rejects.toBeInstanceOf(CheckConstraintViolationException);
    });
  });

  it('stores payment type `creadit_card` (sic) and rejects `credit_card`', async () => {
    const payment = await makePayment(orm.em.fork(), { type: 'creadit_card' });
    await expect(
      orm.em.fork().execute(`update payment set type = 'credit_card' where id = ?`, [payment.id]),
    ).rejects.toBeInstanceOf(CheckConstraintViolationException);
  });

  it('rejects a diet outside the DIET choices', async () => {
    const event = await makeEvent(orm.em.fork(), { diet: ['vegan', 'halal'] });
    await expect(
      orm.em.fork().execute(`update event set diet = '{vegan,pizza}' where id = ?`, [event.id]),
    ).rejects.toBeInstanceOf(CheckConstraintViolationException);
  });

  describe('deletes that would lose payments or history (answered 409 by the admin API)', () => {
    it('fails to delete a unit that a money account references', async () => {
      const account = await makeMoneyAccount(orm.em.fork());
      await expect(
        orm.em.fork().nativeDelete(AdministrativeUnit, { id: account.administrativeUnit.id }),
      ).rejects.toBeInstanceOf(ForeignKeyConstraintViolationException);
    });

    it('fails to delete a profile, event or money account with a donor channel', async () => {
      const channel = await makeDonorPaymentChannel(orm.em.fork(), { vs: '1' });
      await expect(orm.em.fork().nativeDelete(Profile, { id: channel.user.id })).rejects.toBeInstanceOf(
        ForeignKeyConstraintViolationException,
      );
      await expect(orm.em.fork().nativeDelete(Event, { id: channel.event.id })).rejects.toBeInstanceOf(
        ForeignKeyConstraintViolationException,
      );
      await expect(orm.em.fork().nativeDelete(MoneyAccount, { id: channel.moneyAccount.id })).rejects.toBeInstanceOf(
        ForeignKeyConstraintViolationException,
      );
    });

    it('fails to delete a donor channel with payments', async () => {
      const channel = await makeDonorPaymentChannel(orm.em.fork(), { vs: '1' });
      await makePayment(orm.em.fork(), { userDonorPaymentChannel: channel.id });
      await expect(orm.em.fork().nativeDelete(DonorPaymentChannel, { id: channel.id })).rejects.toBeInstanceOf(
        ForeignKeyConstraintViolationException,
      );
    });

    it("deletes a profile's e-mails and phones with it", async () => {
      const profile = await makeProfile(orm.em.fork(), { email: 'gone@example.cz' });
      await orm.em.fork().nativeDelete(Profile, { id: profile.id });
      expect(await orm.em.fork().count(ProfileEmail)).toBe(0);
    });
  });
});
