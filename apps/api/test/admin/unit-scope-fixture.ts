import { InteractionType, AccountStatement } from '@klub/db';
import { ADMIN_RESOURCES, type UnitReach } from '@klub/domain';
import type { KlubApp } from '../helpers/klub-app.js';
import { EN, caller, superuser } from './helpers.js';

/**
 * Two units of real data for the unit-scope tests (issue 17 §1): everything of unit A carries
 * the word `alphamark`, everything of unit B `bravomark`, so an answer can be searched for the
 * other unit's data; shared catalogues carry `sharedmark`.
 */

export type Side = 'A' | 'B';
export const MARK: Record<Side, string> = { A: 'alphamark', B: 'bravomark' };
export const PDF = '%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n';

export type Body = Record<string, unknown>;
type Api = ReturnType<typeof caller>;

/** The ids of one unit's objects that other objects refer to. */
export interface UnitObjects {
  /** The unit's word, put into every name. */
  mark: string;
  unit: number;
  person: number;
  email: string;
  account: number;
  event: number;
  eventType: number;
  channel: number;
}

export interface Shared {
  position: number;
  category: number;
  interactionType: number;
}

export interface ResourceFixture {
  /**
   * A create body of an object of unit `u` (`n` makes unique values); a FormData for uploads;
   * null when objects are not created through the generic POST (read-only resources).
   */
  create: ((u: UnitObjects, s: Shared, n: number, su: Api) => Body | FormData | Promise<Body>) | null;
  /** A change that keeps the object where it is. */
  patch: Body | FormData;
  /** A change that moves an object of A into unit B (a write into another unit). */
  move?: (b: UnitObjects) => Body;
}

async function newPerson(su: Api, u: UnitObjects, n: number): Promise<number> {
  const res = await su('POST', '/api/admin/profiles/', { email: `${u.mark}.extra${n}@example.org`, administrative_units: [u.unit] });
  return (res.body as Body).id as number;
}

const form = (fields: Record<string, string>): FormData => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  f.append('pdf_file', new Blob([PDF], { type: 'application/pdf' }), 'file.pdf');
  return f;
};

/**
 * How to make an object of every admin resource. The matrix reads the resources from the
 * registry and fails for one that has no fixture here, so a new resource is never left out.
 */
export const FIXTURES: Record<string, ResourceFixture> = {
  'administrative-units': {
    create: (_u, _s, n) => ({ name: `sharedmark unit ${n}` }),
    patch: { city: 'Brno' },
  },
  profiles: {
    create: (u, _s, n) => ({ email: `${u.mark}.${n}@example.org`, last_name: `${u.mark} ${n}`, administrative_units: [u.unit] }),
    patch: { nickname: 'Nick' },
    move: (b) => ({ administrative_units: [b.unit] }),
  },
  'money-accounts': {
    create: (u, _s, n) => ({ kind: 'bank', administrative_unit: u.unit, slug: `${u.mark}-${n}`, bank_account_number: `${n}00/2010` }),
    patch: { note: 'checked' },
    move: (b) => ({ administrative_unit: b.unit }),
  },
  'donor-payment-channels': {
    // One channel per (user, event): each object gets a new person of the unit.
    create: async (u, _s, n, su) => ({
      user: await newPerson(su, u, n),
      event: u.event,
      money_account: u.account,
      regular_amount: 100,
      regular_frequency: 'monthly',
      SS: `${u.mark}${n}`,
    }),
    patch: { regular_amount: 250 },
    move: (b) => ({ money_account: b.account }),
  },
  payments: {
    create: (u, _s, n) => ({ date: '2026-01-02', amount: n, type: 'cash', account_name: `${u.mark} ${n}`, user_donor_payment_channel: u.channel }),
    patch: { our_note: 'checked' },
    move: (b) => ({ user_donor_payment_channel: b.channel }),
  },
  events: {
    create: (u, _s, n) => ({ name: `${u.mark} event ${n}`, administrative_units: [u.unit], event_type: u.eventType }),
    patch: { public_on_web: true },
    move: (b) => ({ administrative_units: [b.unit] }),
  },
  'event-types': {
    create: (u, _s, n) => ({ name: `${u.mark} type ${n}`, administrative_unit: u.unit }),
    patch: { description: 'Camps' },
    move: (b) => ({ administrative_unit: b.unit }),
  },
  locations: { create: (_u, _s, n) => ({ name: `Location ${n}`, place: 'Park' }), patch: { region: 'JMK' } },
  'organization-positions': { create: (_u, _s, n) => ({ name: `Position ${n}` }), patch: { description: 'Leads' } },
  'organization-team': {
    // A place is unique per (event, profile, position): each object gets a new person of the unit.
    create: async (u, s, n, su) => ({ event: u.event, profile: await newPerson(su, u, n), position: s.position }),
    patch: {},
    move: (b) => ({ event: b.event }),
  },
  'interaction-categories': { create: (_u, _s, n) => ({ category: `Category ${n}` }), patch: { display: false } },
  'interaction-types': { create: (_u, s, n) => ({ name: `Interaction type ${n}`, category: s.category }), patch: { send_email: true } },
  interactions: {
    create: (u, s, n) => ({ user: u.person, type: s.interactionType, administrative_unit: u.unit, subject: `${u.mark} ${n}`, date_from: '2026-03-01T12:00' }),
    patch: { summary: 'Talked' },
    move: (b) => ({ user: b.person, administrative_unit: b.unit }),
  },
  'oauth-applications': { create: (_u, _s, n) => ({ name: `App ${n}`, default_scopes: 'read write' }), patch: { redirect_uris: 'https://x.example.org/cb' } },
  'pdf-storage': {
    create: (u, _s, n) => form({ name: `${u.mark} ${n}`, topic: 'magazine', administrative_unit: String(u.unit) }),
    patch: { topic: 'news' },
    move: (b) => ({ administrative_unit: b.unit }),
  },
  'account-statements': { create: null, patch: {} },
  'audit-log': { create: null, patch: {} },
};

export const reachOf = (resource: string): UnitReach => ADMIN_RESOURCES[resource]!.units;

export interface Callers {
  superuser: Record<string, string>;
  organisation: Record<string, string>;
  unitA: Record<string, string>;
  unitB: Record<string, string>;
  nonStaff: Record<string, string>;
}

export interface TwoUnits {
  su: ReturnType<typeof caller>;
  callers: Callers;
  units: Record<Side, UnitObjects>;
  shared: Shared;
  /** Per resource: the object of each side (a shared or configuration object under both). */
  rows: Record<string, Record<Side, number>>;
  /** A new number for unique values. */
  next: () => number;
}

const bearer = (access: string) => ({ authorization: `Bearer ${access}`, ...EN });

async function must(res: { status: number; text: string; body: unknown }, status: number, what: string): Promise<Body> {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${res.text}`);
  return res.body as Body;
}

/** The set-up: both units' objects, shared catalogues, and a caller of every role. */
export async function twoUnits(app: KlubApp): Promise<TwoUnits> {
  const root = await superuser(app);
  const su = caller(app, root.headers);
  let sequence = 0;
  const next = () => ++sequence;

  const shared: Shared = {
    position: (await must(await su('POST', '/api/admin/organization-positions/', { name: 'sharedmark position' }), 201, 'position')).id as number,
    category: (await must(await su('POST', '/api/admin/interaction-categories/', { category: 'sharedmark category' }), 201, 'category')).id as number,
    interactionType: (await app.em().findOneOrFail(InteractionType, { slug: 'volunteer' })).id,
  };

  const units = {} as Record<Side, UnitObjects>;
  for (const side of ['A', 'B'] as const) {
    const mark = MARK[side];
    const unit = (await must(await su('POST', '/api/admin/administrative-units/', { name: `${mark} unit` }), 201, 'unit')).id as number;
    const email = `${mark}.person@example.org`;
    const person = (await must(await su('POST', '/api/admin/profiles/', { email, first_name: mark, last_name: mark, administrative_units: [unit] }), 201, 'person'))
      .id as number;
    const account = (
      await must(await su('POST', '/api/admin/money-accounts/', { kind: 'bank', administrative_unit: unit, slug: `${mark}-account`, bank_account_number: side === 'A' ? '1000/2010' : '2000/2010', note: mark }), 201, 'account')
    ).id as number;
    const eventType = (await must(await su('POST', '/api/admin/event-types/', { name: `${mark} type`, administrative_unit: unit }), 201, 'type')).id as number;
    const event = (await must(await su('POST', '/api/admin/events/', { name: `${mark} event`, administrative_units: [unit], event_type: eventType }), 201, 'event')).id as number;
    const channel = (
      await must(await su('POST', '/api/admin/donor-payment-channels/', { user: person, event, money_account: account, regular_amount: 100, regular_frequency: 'monthly', SS: mark }), 201, 'channel')
    ).id as number;
    units[side] = { mark, unit, person, email, account, event, eventType, channel };
  }

  const rows: Record<string, Record<Side, number>> = {};
  for (const [resource, fixture] of Object.entries(FIXTURES)) {
    if (!fixture.create) continue;
    const ids = {} as Record<Side, number>;
    for (const side of ['A', 'B'] as const) {
      if (reachOf(resource).kind !== 'units' && side === 'B') {
        ids.B = ids.A;
        continue;
      }
      ids[side] = await createAs(app, root.headers, resource, await fixture.create(units[side], shared, next(), su));
    }
    rows[resource] = ids;
  }

  // A new unit belongs to nobody's units: the units' own rows are the two units themselves.
  rows['administrative-units'] = { A: units.A.unit, B: units.B.unit };

  // Statements come from the import job; one per unit, as it leaves them.
  const em = app.em();
  const statements = {} as Record<Side, number>;
  for (const side of ['A', 'B'] as const) {
    const statement = em.create(AccountStatement, { type: 'account', administrativeUnit: units[side].unit, csvFile: `${MARK[side]}.csv`, pairLog: MARK[side] } as never);
    await em.flush();
    statements[side] = (statement as unknown as { id: number }).id;
  }
  rows['account-statements'] = statements;

  // The audit entries of each unit's person.
  const audit = {} as Record<Side, number>;
  for (const side of ['A', 'B'] as const) {
    const page = await must(await su('GET', `/api/admin/audit-log/?resource=profiles&object_id=${units[side].person}`), 200, 'audit');
    audit[side] = ((page.results as Body[])[0]!).id as number;
  }
  rows['audit-log'] = audit;

  const organisation = await app.user({ username: 'org-staff', isStaff: true, roles: ['edit_all_units'] });
  const unitA = await app.user({ username: 'unit-a-staff', isStaff: true });
  const unitB = await app.user({ username: 'unit-b-staff', isStaff: true });
  const plain = await app.user({ username: 'plain-user' });
  await em.getConnection().execute('insert into profile_administrated_units (profile_id, administrative_unit_id) values (?, ?), (?, ?)', [
    unitA.id,
    units.A.unit,
    unitB.id,
    units.B.unit,
  ]);

  return {
    su,
    callers: {
      superuser: root.headers,
      organisation: bearer(organisation.access),
      unitA: bearer(unitA.access),
      unitB: bearer(unitB.access),
      nonStaff: bearer(plain.access),
    },
    units,
    shared,
    rows,
    next,
  };
}

/** POST a create body (JSON or multipart) and answer the response. */
export function send(app: KlubApp, headers: Record<string, string>, method: string, path: string, body?: Body | FormData) {
  if (body instanceof FormData) return app.api(path, { method, headers, body });
  return app.api(path, { method, headers, ...(body === undefined ? {} : { json: body }) });
}

export async function createAs(app: KlubApp, headers: Record<string, string>, resource: string, body: Body | FormData): Promise<number> {
  const res = await send(app, headers, 'POST', `/api/admin/${resource}/`, body);
  return (await must(res, 201, `create ${resource}`)).id as number;
}
