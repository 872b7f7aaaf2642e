import { describe, expect, it } from 'vitest';
import type { EntityManager } from '@mikro-orm/postgresql';
import { CompanyContact, Preference, Profile, ProfileEmail, ProfileRole, Telephone } from '@klub/db';
import { makeProfile, makeUnit } from '@klub/db/testing';
import {
  getOrCreateProfile,
  getOrCreateProfiles,
  NOTE_SEPARATOR,
  type GetOrCreateOptions,
  type PersonToGet,
  type ProfileRef,
} from '../../src/people/get-or-create-profile.js';
import { useTestDatabase } from '../db.js';

/**
 * The rules of get-or-create (api.md §8.2, §12.3, §12.5; domain.md §2.2, §2.3, §2.6), called
 * directly, without the HTTP sign-up writer. Every rule is checked both ways the domain is
 * called: one person a call (the integration endpoints, the Darujme import) and several people
 * in one call (a batch of sign-ups): the set-based statement must keep the rule for one and for many.
 */

type Call = (em: EntityManager, people: PersonToGet[], opts?: GetOrCreateOptions) => Promise<ProfileRef[]>;

const WAYS: Array<[string, Call]> = [
  [
    'one person a call',
    async (em, people, opts) => {
      const out: ProfileRef[] = [];
      for (const { fields, unitIds } of people) out.push(await getOrCreateProfile(em, fields, { ...opts, unitIds }));
      return out;
    },
  ],
  ['several people in one call', (em, people, opts) => getOrCreateProfiles(em, people, opts)],
];

describe('get-or-create rules', () => {
  const db = useTestDatabase();
  const em = () => db.orm().em.fork();
  /** `call` in its own transaction (the e-mail locks need one), as the callers do. */
  const run = (call: Call, people: PersonToGet[], opts?: GetOrCreateOptions) =>
    em().transactional((tx) => call(tx, people, opts));
  const person = (
    email: string,
    fields: Omit<PersonToGet['fields'], 'email'> = {},
    unitIds?: number[],
  ): PersonToGet => ({
    fields: { email, ...fields },
    unitIds,
  });
  const profile = (id: number) => em().findOneOrFail(Profile, id);
  const phones = async (id: number) =>
    (await em().find(Telephone, { user: id }, { orderBy: { telephone: 'asc' } })).map((t) => [
      t.telephone,
      t.isPrimary,
    ]);
  const unitsOf = async (id: number) =>
    (await em().findOneOrFail(Profile, id, { populate: ['administrativeUnits'] })).administrativeUnits
      .getItems()
      .map((u) => u.id)
      .sort((a, b) => a - b);
  const preferencesOf = async (id: number) =>
    (await em().find(Preference, { user: id })).map((p) => p.administrativeUnit.id).sort((a, b) => a - b);

  describe('a known person is found by e-mail, compared lower-cased and without surrounding spaces', () => {
    for (const [way, call] of WAYS) {
      it(`finds the profile that owns the address, also by a secondary or mixed-case stored address, and creates nothing (${way})`, async () => {
        const anna = await makeProfile(em(), { email: 'anna@example.org', firstName: 'Anna' });
        const bob = await makeProfile(em(), { email: 'bob@example.org', firstName: 'Bob' });
        // A secondary address stored with capitals (legacy data): still Anna's.
        await em().insert(ProfileEmail, { email: 'Anna.Work@Example.org', isPrimary: null, user: anna.id });
        const profilesBefore = await em().count(Profile);

        const refs = await run(call, [
          person('  ANNA@Example.ORG '),
          person('anna.work@example.org'),
          person('Bob@Example.org'),
        ]);

        expect(refs.map((r) => [r.id, r.created])).toEqual([
          [anna.id, false],
          [anna.id, false],
          [bob.id, false],
        ]);
        expect(await em().count(Profile)).toBe(profilesBefore);
        expect(await em().count(ProfileEmail)).toBe(3);
        // Found by a secondary address: the primary address and the profile's copy stay.
        expect((await profile(anna.id)).email).toBe('anna@example.org');
        expect((await em().findOneOrFail(ProfileEmail, { email: 'anna@example.org' })).isPrimary).toBe(true);
      });
    }
  });

  describe('a found person only gets what is empty: stored values are never replaced', () => {
    for (const [way, call] of WAYS) {
      it(`fills empty names, address parts and unknown birth parts, and keeps the filled ones (${way})`, async () => {
        const filled = await makeProfile(em(), {
          email: 'filled@example.org',
          firstName: 'Anna',
          lastName: '',
          street: 'Stará 1',
          city: '',
          zipCode: '',
          ageGroup: 1980,
          birthMonth: null,
          birthDay: null,
        });
        const empty = await makeProfile(em(), { email: 'empty@example.org', firstName: '', lastName: '' });
        const given = {
          firstName: 'Hana',
          lastName: 'Nová',
          street: 'Nová 2',
          city: 'Brno',
          zipCode: '602 00',
          ageGroup: 1990,
          birthMonth: 5,
          birthDay: 7,
        };

        await run(call, [person('filled@example.org', given), person('empty@example.org', given)]);

        const f = await profile(filled.id);
        expect([f.firstName, f.lastName, f.street, f.city, f.zipCode, f.ageGroup, f.birthMonth, f.birthDay]).toEqual([
          'Anna',
          'Nová',
          'Stará 1',
          'Brno',
          '602 00',
          1980,
          5,
          7,
        ]);
        const e = await profile(empty.id);
        expect([e.firstName, e.lastName, e.street, e.city, e.zipCode, e.ageGroup, e.birthMonth, e.birthDay]).toEqual(
          Object.values(given),
        );
      });

      it(`an empty or absent value never clears a stored one (${way})`, async () => {
        const kept = await makeProfile(em(), {
          email: 'kept@example.org',
          firstName: 'Petr',
          lastName: 'Svoboda',
          city: 'Praha',
          birthMonth: 3,
        });
        const other = await makeProfile(em(), { email: 'other@example.org', firstName: 'Olga', lastName: 'Malá' });

        await run(call, [
          person('kept@example.org', { firstName: '', lastName: '', city: '', birthMonth: null }),
          person('other@example.org'),
        ]);

        const k = await profile(kept.id);
        expect([k.firstName, k.lastName, k.city, k.birthMonth]).toEqual(['Petr', 'Svoboda', 'Praha', 3]);
        const o = await profile(other.id);
        expect([o.firstName, o.lastName]).toEqual(['Olga', 'Malá']);
      });

      it(`sex (§9.3) is set only while it is unknown (${way})`, async () => {
        const unknown = await makeProfile(em(), { email: 'unknown@example.org', sex: 'unknown' });
        const known = await makeProfile(em(), { email: 'known@example.org', sex: 'female' });

        await run(call, [person('unknown@example.org', { sex: 'male' }), person('known@example.org', { sex: 'male' })]);

        expect((await profile(unknown.id)).sex).toBe('male');
        expect((await profile(known.id)).sex).toBe('female');
      });
    }
  });

  describe('notes accumulate: a given note is appended to the stored one, never replaces it', () => {
    for (const [way, call] of WAYS) {
      it(`appends after a separator, takes the note as is on an empty one, and ignores an empty note (${way})`, async () => {
        const noted = await makeProfile(em(), { email: 'noted@example.org', note: 'alergie na včely' });
        const blank = await makeProfile(em(), { email: 'blank@example.org', note: '' });
        const untouched = await makeProfile(em(), { email: 'untouched@example.org', note: 'stará poznámka' });

        const refs = await run(call, [
          person('noted@example.org', { note: 'vegetarián' }),
          person('blank@example.org', { note: '  první  ' }),
          person('untouched@example.org', { note: '   ' }),
          person('new@example.org', { note: 'nový' }),
        ]);

        expect((await profile(noted.id)).note).toBe(`alergie na včely${NOTE_SEPARATOR}vegetarián`);
        expect((await profile(blank.id)).note).toBe('první');
        expect((await profile(untouched.id)).note).toBe('stará poznámka');
        expect((await profile(refs[3]!.id)).note).toBe('nový');
      });

      it(`a second call adds a second note after the first (${way})`, async () => {
        const p = await makeProfile(em(), { email: 'twice@example.org', note: 'a' });
        await run(call, [person('twice@example.org', { note: 'b' }), person('bystander@example.org', { note: 'x' })]);
        await run(call, [person('twice@example.org', { note: 'c' })]);
        expect((await profile(p.id)).note).toBe(['a', 'b', 'c'].join(NOTE_SEPARATOR));
      });
    }
  });

  describe('the newest telephone becomes primary and the older ones stay', () => {
    for (const [way, call] of WAYS) {
      it(`promotes a known number or adds a new one as primary, keeping the rest as secondary (${way})`, async () => {
        const known = await makeProfile(em(), { email: 'known@example.org' });
        const fresh = await makeProfile(em(), { email: 'fresh@example.org' });
        const silent = await makeProfile(em(), { email: 'silent@example.org' });
        for (const p of [known, fresh, silent]) {
          await em().insert(Telephone, { telephone: '720000000', isPrimary: true, user: p.id });
          await em().insert(Telephone, { telephone: '730000000', isPrimary: null, user: p.id });
        }

        const refs = await run(call, [
          person('known@example.org', { telephone: '730000000' }),
          person('fresh@example.org', { telephone: ' 740000000 ' }),
          person('silent@example.org', { telephone: '' }),
          person('new@example.org', { telephone: '750000000' }),
        ]);

        expect(await phones(known.id)).toEqual([
          ['720000000', null],
          ['730000000', true],
        ]);
        expect(await phones(fresh.id)).toEqual([
          ['720000000', null],
          ['730000000', null],
          ['740000000', true],
        ]);
        expect(await phones(silent.id)).toEqual([
          ['720000000', true],
          ['730000000', null],
        ]);
        expect(await phones(refs[3]!.id)).toEqual([['750000000', true]]);
      });
    }
  });

  describe('an inactive profile is reactivated when it joins a unit and had no preference rows (api.md §12.5, domain.md §2.6)', () => {
    for (const [way, call] of WAYS) {
      it(`reactivates only a profile without preference rows that is not an all-units editor and gets a unit it lacks (${way})`, async () => {
        const [unit, elsewhere] = [await makeUnit(em()), await makeUnit(em())];
        const lapsed = await makeProfile(em(), { email: 'lapsed@example.org', isActive: false });
        // Inactive, but still with a preference row of another unit: not reactivated.
        const withPreferences = await makeProfile(em(), { email: 'prefs@example.org', isActive: false });
        await em().insert(Preference, { user: withPreferences.id, administrativeUnit: elsewhere.id });
        // Exempt from the toggling (domain.md §2.7).
        const editor = await makeProfile(em(), { email: 'editor@example.org', isActive: false });
        await em().insert(ProfileRole, { profile: editor.id, role: 'edit_all_units' });
        // Already a member of the unit: joining it again is a no-op.
        const member = await makeProfile(em(), { email: 'member@example.org', isActive: false });
        await em()
          .getConnection()
          .execute('insert into profile_administrative_units (profile_id, administrative_unit_id) values (?, ?)', [
            member.id,
            unit.id,
          ]);
        // No unit joined: nothing to reactivate on.
        const noUnit = await makeProfile(em(), { email: 'nounit@example.org', isActive: false });

        await run(call, [
          person('lapsed@example.org', {}, [unit.id]),
          person('prefs@example.org', {}, [unit.id]),
          person('editor@example.org', {}, [unit.id]),
          person('member@example.org', {}, [unit.id]),
          person('nounit@example.org', {}, []),
        ]);

        expect((await profile(lapsed.id)).isActive).toBe(true);
        expect((await profile(withPreferences.id)).isActive).toBe(false);
        expect((await profile(editor.id)).isActive).toBe(false);
        expect((await profile(member.id)).isActive).toBe(false);
        expect((await profile(noUnit.id)).isActive).toBe(false);
      });
    }
  });

  describe('units are added, never removed, each new one with a preference row', () => {
    for (const [way, call] of WAYS) {
      it(`adds the given units to those the person has, once each (${way})`, async () => {
        const [u1, u2, u3] = [await makeUnit(em()), await makeUnit(em()), await makeUnit(em())];
        const member = await makeProfile(em(), { email: 'member@example.org' });
        await em()
          .getConnection()
          .execute('insert into profile_administrative_units (profile_id, administrative_unit_id) values (?, ?)', [
            member.id,
            u1.id,
          ]);
        await em().insert(Preference, { user: member.id, administrativeUnit: u1.id });
        const quiet = await makeProfile(em(), { email: 'quiet@example.org' });
        await em()
          .getConnection()
          .execute('insert into profile_administrative_units (profile_id, administrative_unit_id) values (?, ?)', [
            quiet.id,
            u3.id,
          ]);

        const refs = await run(call, [
          person('member@example.org', {}, [u2.id, u2.id]),
          person('quiet@example.org', {}, []),
          person('new@example.org', {}, [u1.id, u3.id]),
        ]);

        expect(await unitsOf(member.id)).toEqual([u1.id, u2.id]);
        expect(await preferencesOf(member.id)).toEqual([u1.id, u2.id]);
        expect(await unitsOf(quiet.id)).toEqual([u3.id]);
        expect(await unitsOf(refs[2]!.id)).toEqual([u1.id, u3.id]);
        expect(await preferencesOf(refs[2]!.id)).toEqual([u1.id, u3.id]);
      });
    }
  });

  describe('a new person gets a fresh unique username (api.md §12.3)', () => {
    for (const [way, call] of WAYS) {
      it(`numbered after the e-mail local part, distinct from each other and from the usernames taken (${way})`, async () => {
        // The first candidate of the next profile is taken: `<local part><highest profile id>`.
        const squatter = await makeProfile(em(), { username: 'placeholder' });
        await em().nativeUpdate(Profile, { id: squatter.id }, { username: `jana${squatter.id}` });

        const refs = await run(call, [
          person('jana@example.org'),
          person('jana@example.com'),
          person('petr@example.org'),
        ]);

        expect(refs.map((r) => r.created)).toEqual([true, true, true]);
        const names = await Promise.all(refs.map(async (r) => (await profile(r.id)).username!));
        expect(names[0]).toMatch(/^jana\d+$/);
        expect(names[1]).toMatch(/^jana\d+$/);
        expect(names[2]).toMatch(/^petr\d+$/);
        expect(new Set([...names, `jana${squatter.id}`]).size).toBe(4);
      });

      it(`with the e-mail as username when asked (the Darujme import), numbered when that address is taken as a username (${way})`, async () => {
        await makeProfile(em(), { username: 'taken@example.org' });

        const refs = await run(call, [person('free@example.org'), person('TAKEN@example.org')], { username: 'email' });

        expect((await profile(refs[0]!.id)).username).toBe('free@example.org');
        expect((await profile(refs[1]!.id)).username).toMatch(/^taken\d+$/);
      });
    }
  });

  describe('two people of one call with the same address become one person', () => {
    for (const [way, call] of WAYS) {
      it(`a new address given twice creates one profile; the second is found and filled like any known person (${way})`, async () => {
        const [u1, u2] = [await makeUnit(em()), await makeUnit(em())];

        const refs = await run(call, [
          person('eva@example.org', { firstName: 'Eva', note: 'první', telephone: '720000000' }, [u1.id]),
          person('other@example.org', { firstName: 'Olga' }),
          person(
            ' EVA@Example.org',
            { firstName: 'Jiná', lastName: 'Dvořáková', note: 'druhá', telephone: '730000000' },
            [u2.id],
          ),
        ]);

        expect(refs.map((r) => r.created)).toEqual([true, true, false]);
        expect(refs[2]!.id).toBe(refs[0]!.id);
        expect(refs[1]!.id).not.toBe(refs[0]!.id);
        expect(await em().count(ProfileEmail, { email: 'eva@example.org' })).toBe(1);
        const eva = await profile(refs[0]!.id);
        expect([eva.firstName, eva.lastName, eva.note]).toEqual(['Eva', 'Dvořáková', `první${NOTE_SEPARATOR}druhá`]);
        expect(await phones(eva.id)).toEqual([
          ['720000000', null],
          ['730000000', true],
        ]);
        expect(await unitsOf(eva.id)).toEqual([u1.id, u2.id]);
      });

      it(`a known address given twice updates that one profile in order (${way})`, async () => {
        const known = await makeProfile(em(), { email: 'known@example.org', note: '' });

        const refs = await run(call, [
          person('known@example.org', { note: 'a', telephone: '720000000' }),
          person('Known@example.org', { note: 'b', telephone: '730000000' }),
        ]);

        expect(refs.map((r) => [r.id, r.created])).toEqual([
          [known.id, false],
          [known.id, false],
        ]);
        expect((await profile(known.id)).note).toBe(`a${NOTE_SEPARATOR}b`);
        expect(await phones(known.id)).toEqual([
          ['720000000', null],
          ['730000000', true],
        ]);
      });
    }
  });

  describe('get-or-create creates user profiles; a company is not a person found by e-mail', () => {
    for (const [way, call] of WAYS) {
      it(`a new person is a user profile with the address as its primary e-mail, sex unknown and no password (${way})`, async () => {
        const refs = await run(call, [person('Nova@Example.org', { firstName: 'Nová' }), person('second@example.org')]);

        const p = await profile(refs[0]!.id);
        expect([p.kind, p.email, p.sex, p.password, p.firstName, p.isActive]).toEqual([
          'user',
          'nova@example.org',
          'unknown',
          null,
          'Nová',
          true,
        ]);
        expect(refs[0]).toMatchObject({ created: true, email: 'nova@example.org', firstName: 'Nová' });
        const emails = await em().find(ProfileEmail, { user: p.id });
        expect(emails.map((e) => [e.email, e.isPrimary])).toEqual([['nova@example.org', true]]);
      });

      it(`a company whose contact has the address stays untouched, and a new user profile is created (${way})`, async () => {
        const unit = await makeUnit(em());
        const company = await makeProfile(em(), {
          kind: 'company',
          name: 'Firma s.r.o.',
          firstName: '',
          lastName: '',
          note: '',
        });
        await em().insert(CompanyContact, {
          company: company.id,
          administrativeUnit: unit.id,
          email: 'info@firma.cz',
          isPrimary: true,
        });

        const refs = await run(call, [
          person('info@firma.cz', { firstName: 'Karel', note: 'poznámka' }, [unit.id]),
          person('someone@example.org'),
        ]);

        expect(refs[0]!.created).toBe(true);
        expect(refs[0]!.id).not.toBe(company.id);
        expect((await profile(refs[0]!.id)).kind).toBe('user');
        const c = await profile(company.id);
        expect([c.kind, c.name, c.firstName, c.note]).toEqual(['company', 'Firma s.r.o.', '', '']);
        expect(await unitsOf(company.id)).toEqual([]);
      });
    }

    // domain.md §2.1 restricts profile_email to users, but the admin's profile resource calls
    // setPrimaryEmail for a company too; get-or-create then finds the company by that address and
    // fills its person fields. Creating a user instead would collide with the unique address.
    it.todo('an address owned by a company profile (possible through the admin) does not make the company the person');
  });
});
