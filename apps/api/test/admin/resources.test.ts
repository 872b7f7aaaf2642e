import { describe, expect, it } from 'vitest';
import type { EntityManager } from '@mikro-orm/postgresql';
import { InteractionCategory, InteractionType, OrganizationPosition } from '@klub/db';
import { makeDonorPaymentChannel, makeEvent, makeEventType, makeMoneyAccount, makeProfile, makeUnit } from '@klub/db/testing';
import { useKlubApp } from '../helpers/klub-app.js';
import { caller, superuser } from './helpers.js';

type Body = Record<string, unknown> & { id?: number };

interface Made {
  create: Body;
  patch: Body;
  /** An equality filter that matches this object and not the other one. */
  filter?: Body;
}

interface ResourceCase {
  resource: string;
  /** Build the prerequisites of object `word` ('alpha' or 'beta') and its bodies. */
  make(em: EntityManager, word: 'alpha' | 'beta'): Promise<Made>;
  /** Has `?search=`; the names carry "zeta" and the word. */
  search: boolean;
  /** Write-only fields of the create body (never answered). */
  secrets?: string[];
  /** Representation fields that a patch changes besides its own (derived values). */
  derived?: string[];
  /** A create body that is invalid (default `{}`: the required fields missing). */
  invalid?: Body;
}

const n = (word: string) => (word === 'alpha' ? 1 : 2);

async function position(em: EntityManager, name: string): Promise<number> {
  const p = em.create(OrganizationPosition, { name });
  await em.flush();
  return p.id;
}

const CASES: ResourceCase[] = [
  {
    resource: 'administrative-units',
    search: true,
    make: async (em, w) => {
      const president = await makeProfile(em);
      return { create: { name: `Zeta ${w}`, city: 'Brno', president: president.id }, patch: { city: 'Praha', level: 'headquarter' }, filter: { president: president.id } };
    },
  },
  {
    resource: 'profiles',
    search: true,
    secrets: ['password'],
    derived: ['telephones'],
    invalid: { email: 'not an e-mail', birth_month: 13 },
    make: async (em, w) => {
      const unit = await makeUnit(em);
      return {
        create: { username: `zeta-${w}`, email: `Zeta.${w}@Example.org`, first_name: 'Zeta', last_name: w, password: `secret ${w} 123`, administrative_units: [unit.id] },
        patch: { nickname: 'Zed', telephone: '+420 777 000 111' },
        filter: { administrative_units: unit.id },
      };
    },
  },
  {
    resource: 'money-accounts',
    search: true,
    make: async (em, w) => {
      const unit = await makeUnit(em);
      return {
        create: { kind: 'bank', administrative_unit: unit.id, slug: `zeta-${w}`, bank_account_number: `${n(w)}000/2010` },
        patch: { bank_account: 'Main account', note: 'checked' },
        filter: { administrative_unit: unit.id },
      };
    },
  },
  {
    resource: 'donor-payment-channels',
    search: true,
    make: async (em, w) => {
      const account = await makeMoneyAccount(em);
      const event = await makeEvent(em);
      const user = await makeProfile(em);
      return {
        create: { user: user.id, event: event.id, money_account: account.id, regular_amount: 100, regular_frequency: 'monthly', SS: `zeta-${w}` },
        patch: { regular_amount: 250 },
        filter: { event: event.id },
      };
    },
  },
  {
    resource: 'payments',
    search: true,
    make: async (em, w) => {
      const channel = await makeDonorPaymentChannel(em, { vs: `12${n(w)}` });
      return {
        create: { date: `2026-01-0${n(w)}`, amount: 100 * n(w), type: 'cash', account_name: `Zeta ${w}`, user_donor_payment_channel: channel.id },
        patch: { our_note: 'checked', custom_fields: { source: 'desk' } },
        filter: { user_donor_payment_channel: channel.id },
      };
    },
  },
  {
    resource: 'events',
    search: true,
    make: async (em, w) => {
      const type = await makeEventType(em);
      return {
        create: { name: `Zeta ${w}`, administrative_units: [type.administrativeUnit.id], event_type: type.id, diet: ['vegan'] },
        patch: { public_on_web: true, datetime_from: '2026-05-01T10:00' },
        filter: { event_type: type.id },
      };
    },
  },
  {
    resource: 'event-types',
    search: true,
    make: async (em, w) => {
      const unit = await makeUnit(em);
      return { create: { name: `Zeta ${w}`, administrative_unit: unit.id }, patch: { description: 'Camps' }, filter: { administrative_unit: unit.id } };
    },
  },
  {
    resource: 'locations',
    search: true,
    make: async (_em, w) => ({ create: { name: `Zeta ${w}`, place: 'Park', gps_latitude: 49.2 }, patch: { region: 'JMK' } }),
  },
  {
    resource: 'organization-positions',
    search: true,
    make: async (_em, w) => ({ create: { name: `Zeta ${w}` }, patch: { description: 'Leads' } }),
  },
  {
    resource: 'organization-team',
    search: false,
    make: async (em) => {
      const event = await makeEvent(em);
      const profile = await makeProfile(em);
      return {
        create: { event: event.id, profile: profile.id, position: await position(em, 'Cook') },
        patch: { position: await position(em, 'Driver') },
        filter: { event: event.id },
      };
    },
  },
  {
    resource: 'interaction-categories',
    search: true,
    make: async (_em, w) => ({ create: { category: `Zeta ${w}` }, patch: { display: false } }),
  },
  {
    resource: 'interaction-types',
    search: true,
    make: async (em, w) => {
      const category = em.create(InteractionCategory, { category: `Category ${w}`, slug: `category-${w}` });
      await em.flush();
      return { create: { name: `Zeta ${w}`, category: category.id }, patch: { send_email: true, visible_fields: ['note'] }, filter: { category: category.id } };
    },
  },
  {
    resource: 'interactions',
    search: true,
    make: async (em, w) => {
      const user = await makeProfile(em);
      const unit = await makeUnit(em);
      const type = await em.findOneOrFail(InteractionType, { slug: 'volunteer' });
      return {
        create: { user: user.id, type: type.id, administrative_unit: unit.id, subject: `Zeta ${w}`, date_from: '2026-03-01T12:00' },
        patch: { summary: 'Talked', program_of_interest: ['zmj'] },
        filter: { user: user.id },
      };
    },
  },
  {
    resource: 'oauth-applications',
    search: true,
    make: async (em, w) => {
      const owner = await makeProfile(em);
      return {
        create: { name: `Zeta ${w}`, default_scopes: 'read write can_view_events', user: owner.id },
        patch: { redirect_uris: 'https://forms.example.org/cb' },
        filter: { user: owner.id },
      };
    },
  },
];

const withoutSecrets = (body: Body, secrets: string[] = []) => Object.fromEntries(Object.entries(body).filter(([k]) => !secrets.includes(k)));

describe.each(CASES)('/api/admin/$resource/ (operations.md §3)', (c) => {
  const app = useKlubApp();
  const base = `/api/admin/${c.resource}/`;

  it('creates (201), retrieves, patches, replaces and deletes (204), then answers 404', async () => {
    const su = await superuser(app);
    const api = caller(app, su.headers);
    const made = await c.make(app.em(), 'alpha');

    const created = await api('POST', base, made.create);
    expect(created.status, created.text).toBe(201);
    const object = created.body as Body;
    expect(typeof object.id).toBe('number');
    for (const secret of c.secrets ?? []) expect(object).not.toHaveProperty(secret);
    const stored = withoutSecrets(object, ['client_secret']);

    const retrieved = await api('GET', `${base}${object.id}/`);
    expect(retrieved).toMatchObject({ status: 200, body: stored });
    expect(retrieved.body).toEqual(stored);

    const patched = await api('PATCH', `${base}${object.id}/`, made.patch);
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body).toMatchObject({ ...withoutSecrets(stored, [...Object.keys(made.patch), ...(c.derived ?? []), 'updated']), id: object.id });
    expect((await api('GET', `${base}${object.id}/`)).body).toEqual(patched.body);

    const replaced = await api('PUT', `${base}${object.id}/`, made.create);
    expect(replaced.status, replaced.text).toBe(200);
    expect((replaced.body as Body).id).toBe(object.id);

    expect(await api('DELETE', `${base}${object.id}/`)).toMatchObject({ status: 204, text: '' });
    expect(await api('GET', `${base}${object.id}/`)).toMatchObject({ status: 404, body: { detail: 'Not found.' } });
    expect(await api('DELETE', `${base}${object.id}/`)).toMatchObject({ status: 404, body: { detail: 'Not found.' } });
  });

  it('filters, searches, orders and paginates the list', async () => {
    const su = await superuser(app);
    const api = caller(app, su.headers);
    const alpha = await c.make(app.em(), 'alpha');
    const beta = await c.make(app.em(), 'beta');
    const a = (await api('POST', base, alpha.create)).body as Body;
    const b = (await api('POST', base, beta.create)).body as Body;
    expect([typeof a.id, typeof b.id]).toEqual(['number', 'number']);
    const ids = (r: { body: unknown }) => (r.body as { results: Body[] }).results.map((x) => x.id);

    if (alpha.filter) {
      const query = new URLSearchParams(Object.entries(alpha.filter).map(([k, v]): [string, string] => [k, String(v)]));
      const filtered = await api('GET', `${base}?${query.toString()}`);
      expect(filtered.status, filtered.text).toBe(200);
      expect(ids(filtered)).toEqual([a.id]);
    }

    // Both objects, and only them: by search where the resource has one, else by their ids' filter.
    const both = 'search=zeta';
    if (c.search) {
      expect(ids(await api('GET', `${base}?search=ZETA+alpha`))).toEqual([a.id]);
      expect(ids(await api('GET', `${base}?${both}`))).toEqual([a.id, b.id]);
      expect(ids(await api('GET', `${base}?${both}&ordering=-id`))).toEqual([b.id, a.id]);
      expect(ids(await api('GET', `${base}?${both}&ordering=nonsense`))).toEqual([a.id, b.id]);

      const page1 = await api('GET', `${base}?${both}&page_size=1`);
      expect(page1.body).toMatchObject({ count: 2, previous: null, results: [{ id: a.id }] });
      const next = new URL((page1.body as { next: string }).next);
      expect(Object.fromEntries(next.searchParams)).toEqual({ search: 'zeta', page_size: '1', page: '2' });
      const page2 = await api('GET', `${base}?${both}&page_size=1&page=2`);
      expect(page2.body).toMatchObject({ count: 2, next: null, results: [{ id: b.id }] });
      expect(await api('GET', `${base}?${both}&page_size=1&page=3`)).toMatchObject({ status: 404, body: { detail: 'Invalid page.' } });
    } else {
      const all = await api('GET', `${base}?ordering=-id`);
      expect(ids(all)).toEqual([b.id, a.id]);
      const page1 = await api('GET', `${base}?page_size=1`);
      expect(page1.body).toMatchObject({ count: 2, previous: null, results: [{ id: a.id }] });
    }
  });

  it('answers DRF validation errors and 404 for unknown ids', async () => {
    const su = await superuser(app);
    const api = caller(app, su.headers);
    const bad = await api('POST', base, c.invalid ?? {});
    expect(bad.status).toBe(400);
    expect(Object.values(bad.body as Body).every((v) => Array.isArray(v))).toBe(true);
    expect(await api('PATCH', `${base}999999/`, {})).toMatchObject({ status: 404, body: { detail: 'Not found.' } });
    expect(await api('GET', `${base}abc/`)).toMatchObject({ status: 404, body: { detail: 'Not found.' } });
  });
});
