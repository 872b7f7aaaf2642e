import { ref, type EntitySchema, type FilterQuery, type RequiredEntityData } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { EVENT_CREATOR_POSITION } from '../builtins.js';
import {
  AdministrativeUnit,
  DonorPaymentChannel,
  Event,
  EventType,
  Interaction,
  InteractionType,
  Location,
  MoneyAccount,
  OrganizationPosition,
  OrganizationTeam,
  Payment,
  Preference,
  Profile,
  ProfileEmail,
  ProfileRole,
  Telephone,
} from '../entities/index.js';

const FIRST_NAMES = ['Jana', 'Petr', 'Eva', 'Tomáš', 'Lucie', 'Martin', 'Kateřina', 'Jakub', 'Tereza', 'Ondřej'];
const LAST_NAMES = [
  'Nováková',
  'Svoboda',
  'Dvořáková',
  'Černý',
  'Procházková',
  'Kučera',
  'Veselá',
  'Horák',
  'Marková',
  'Pokorný',
];
const PEOPLE = 20;
const DONORS = 12;

/**
 * Demo data for `klub seed-demo` (operations.md §2): units, money accounts, event types, events,
 * a location, people with e-mails and phones, donor channels and payments. Every row is found by
 * a natural key (slug, e-mail, line key…) before it is created, so a second run changes nothing.
 */
export async function seedDemo(em: EntityManager): Promise<void> {
  await em.transactional(async (tx) => {
    const hq = await findOrCreate(
      tx,
      AdministrativeUnit,
      { slug: 'auto-mat' },
      {
        name: 'Auto*Mat, z.s.',
        slug: 'auto-mat',
        level: 'headquarter',
        street: 'Vodičkova 36',
        city: 'Praha 1',
        zipCode: '110 00',
        webUrl: 'https://auto-mat.cz',
        ico: '22670319',
        fromEmailAddress: 'klub@auto-mat.cz',
        fromEmailStr: 'Auto*Mat <klub@auto-mat.cz>',
        color: '#3a7d44',
      },
    );
    const club = await findOrCreate(
      tx,
      AdministrativeUnit,
      { slug: 'klub-brno' },
      {
        name: 'Klub přátel Brno',
        slug: 'klub-brno',
        level: 'club',
        city: 'Brno',
        fromEmailAddress: 'brno@auto-mat.cz',
        fromEmailStr: 'Klub přátel Brno <brno@auto-mat.cz>',
      },
    );

    const generalAccount = await findOrCreate(
      tx,
      MoneyAccount,
      { slug: 'obecne_darujme' },
      {
        kind: 'bank',
        slug: 'obecne_darujme',
        administrativeUnit: hq,
        bankAccount: 'Obecný účet',
        bankAccountNumber: '2400063333/2010',
      },
    );
    await findOrCreate(
      tx,
      MoneyAccount,
      { slug: 'brno_ucet' },
      {
        kind: 'bank',
        slug: 'brno_ucet',
        administrativeUnit: club,
        bankAccount: 'Brno',
        bankAccountNumber: '2900063334/2010',
      },
    );

    const camp = await findOrCreate(
      tx,
      EventType,
      { slug: 'tabor' },
      {
        name: 'Tábor',
        slug: 'tabor',
        administrativeUnit: hq,
      },
    );
    const action = await findOrCreate(
      tx,
      EventType,
      { slug: 'akce' },
      {
        name: 'Akce',
        slug: 'akce',
        administrativeUnit: hq,
      },
    );
    const lecture = await findOrCreate(
      tx,
      EventType,
      { slug: 'prednaska' },
      {
        name: 'Přednáška',
        slug: 'prednaska',
        administrativeUnit: club,
      },
    );

    const location = await findOrCreate(
      tx,
      Location,
      { name: 'Kampus Hybernská' },
      {
        name: 'Kampus Hybernská',
        place: 'Hybernská 4, Praha 1',
        region: 'Praha',
        gpsLatitude: 50.0874,
        gpsLongitude: 14.4312,
      },
    );

    const year = new Date().getUTCFullYear();
    const general = await findOrCreate(
      tx,
      Event,
      { slug: 'obecne' },
      {
        name: 'Obecné dary',
        slug: 'obecne',
        basicPurpose: 'campaign',
        administrativeUnits: [hq],
      },
    );
    const zmj = await findOrCreate(
      tx,
      Event,
      { slug: 'zazit-mesto-jinak' },
      {
        name: 'Zažít město jinak',
        slug: 'zazit-mesto-jinak',
        eventType: action,
        program: 'zmj',
        publicOnWeb: true,
        location,
        datetimeFrom: new Date(Date.UTC(year, 8, 20, 8)),
        datetimeTo: new Date(Date.UTC(year, 8, 20, 20)),
        startDate: new Date(Date.UTC(year, 8, 20, 8)),
        invitationTextShort: 'Sousedské slavnosti v ulicích bez aut.',
        additionalQuestion1: 'Jakou aktivitu chystáte?',
        diet: ['vegetarian', 'vegan'],
        administrativeUnits: [hq],
      },
    );
    const summerCamp = await findOrCreate(
      tx,
      Event,
      { slug: 'letni-tabor' },
      {
        name: 'Letní tábor',
        slug: 'letni-tabor',
        eventType: camp,
        basicPurpose: 'camp',
        intendedFor: 'children',
        ageFrom: 8,
        ageTo: 14,
        publicOnWeb: true,
        participationFee: '3500 Kč',
        accommodation: 'Chata Pod Lesem',
        diet: ['meat', 'vegetarian', 'gluten_free'],
        datetimeFrom: new Date(Date.UTC(year, 6, 6, 8)),
        datetimeTo: new Date(Date.UTC(year, 6, 13, 16)),
        administrativeUnits: [hq],
      },
    );
    await findOrCreate(
      tx,
      Event,
      { slug: 'do-prace-na-kole' },
      {
        name: 'Do práce na kole',
        slug: 'do-prace-na-kole',
        eventType: action,
        program: 'dpnk',
        publicOnWeb: true,
        basicPurpose: 'action-with-attendee-list',
        administrativeUnits: [hq, club],
      },
    );
    await findOrCreate(
      tx,
      Event,
      { slug: 'cyklo-prednaska' },
      {
        name: 'Cyklistická přednáška',
        slug: 'cyklo-prednaska',
        eventType: lecture,
        publicOnWeb: true,
        intendedFor: 'adolescents_and_adults',
        administrativeUnits: [club],
      },
    );
    await findOrCreate(
      tx,
      Event,
      { slug: 'vyrocni-schuze' },
      {
        name: 'Výroční schůze',
        slug: 'vyrocni-schuze',
        isInternal: true,
        administrativeUnits: [club],
      },
    );

    const people: Profile[] = [];
    for (let i = 1; i <= PEOPLE; i += 1) {
      const nn = String(i).padStart(2, '0');
      const email = `demo${nn}@example.cz`;
      const existing = await tx.findOne(ProfileEmail, { email }, { populate: ['user'] });
      let person = existing?.user?.getEntity();
      if (!person) {
        const unit = i % 4 === 0 ? club : hq;
        person = tx.create(Profile, {
          kind: 'user',
          username: `demo${nn}`,
          email,
          firstName: FIRST_NAMES[i % FIRST_NAMES.length] ?? 'Jana',
          lastName: LAST_NAMES[(i * 3) % LAST_NAMES.length] ?? 'Nováková',
          sex: i % 2 === 0 ? 'male' : 'female',
          city: unit === club ? 'Brno' : 'Praha',
          ageGroup: year - 20 - i,
          birthMonth: (i % 12) + 1,
          birthDay: (i % 28) + 1,
          administrativeUnits: [unit],
        });
        tx.create(ProfileEmail, { email, isPrimary: true, user: person });
        tx.create(Telephone, { telephone: `+420 777 000 0${nn}`, isPrimary: true, user: person });
        tx.create(Preference, { user: person, administrativeUnit: unit });
      }
      people.push(person);
    }

    const organizer = people[0];
    if (organizer) {
      await findOrCreate(
        tx,
        ProfileRole,
        { profile: organizer, role: 'event_organizer' },
        {
          profile: organizer,
          role: 'event_organizer',
        },
      );
      const creator = await tx.findOneOrFail(OrganizationPosition, { name: EVENT_CREATOR_POSITION });
      for (const event of [zmj, summerCamp]) {
        await findOrCreate(
          tx,
          OrganizationTeam,
          { profile: organizer, event, position: creator },
          {
            profile: organizer,
            event,
            position: creator,
          },
        );
      }
    }

    const registration = await tx.findOneOrFail(InteractionType, { slug: 'event_registration' });
    for (const person of people.slice(1, 6)) {
      await findOrCreate(
        tx,
        Interaction,
        { user: person, event: zmj, type: registration },
        {
          user: person,
          event: zmj,
          type: registration,
          administrativeUnit: hq,
          subject: registration.name,
          dateFrom: new Date(),
        },
      );
    }

    const today = new Date();
    for (const [index, person] of people.slice(0, DONORS).entries()) {
      const vs = String(index + 1).padStart(10, '0');
      const amount = 100 * ((index % 5) + 1);
      const channel = await findOrCreate(
        tx,
        DonorPaymentChannel,
        { user: person, event: general },
        {
          vs,
          user: person,
          event: general,
          moneyAccount: generalAccount,
          administrativeUnit: hq,
          regularAmount: amount,
          regularFrequency: 'monthly',
          regularPayments: index % 4 === 3 ? 'onetime' : 'regular',
          expectedDateOfFirstPayment: isoDate(addMonths(today, -3)),
        },
      );
      // Recent donors are up to date; every third one has stopped paying two months ago.
      const months = index % 3 === 2 ? [-4, -3, -2] : [-3, -2, -1];
      const payments: Payment[] = [];
      for (const offset of months) {
        const lineKey = `demo-${vs}-${offset}`;
        payments.push(
          await findOrCreate(
            tx,
            Payment,
            { lineKey },
            {
              lineKey,
              date: isoDate(addMonths(today, offset)),
              amount,
              type: 'bank-transfer',
              vs,
              account: `19-${1_000_000 + index}`,
              bankCode: '0800',
              accountName: `${person.lastName} ${person.firstName}`,
              recipientAccount: generalAccount,
              userDonorPaymentChannel: channel,
            },
          ),
        );
      }
      const last = payments.reduce<Payment | undefined>((a, b) => (a && a.date >= b.date ? a : b), undefined);
      channel.numberOfPayments = payments.length;
      channel.paymentTotal = payments.reduce((sum, p) => sum + p.amount, 0);
      channel.lastPayment = last ? ref(last) : null;
    }
  });
}

async function findOrCreate<T extends object>(
  em: EntityManager,
  entity: EntitySchema<T, never>,
  where: FilterQuery<T>,
  data: RequiredEntityData<T>,
): Promise<T> {
  const found = await em.findOne(entity, where);
  if (found) return found;
  const created = em.create(entity, data);
  // Flushed at once so that later lookups (and the ids used for references) see the row.
  await em.flush();
  return created;
}

function addMonths(date: Date, months: number): Date {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), Math.min(date.getUTCDate(), 28)));
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
