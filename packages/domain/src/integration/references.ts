import type { EntityManager } from '@mikro-orm/postgresql';
import { MSG, parseDrfInteger } from '@klub/contracts';
import { ValidationError, type FieldErrors } from '../errors.js';
import { execute } from '../sql.js';
import { raw, run, sql, type Sql } from '../sql-fragment.js';

/**
 * Field errors gathered across a request's lookups, thrown together as one DRF 400 (a client
 * sees every unknown slug at once, as DRF reports them).
 */
export class FieldErrorBag {
  readonly errors: FieldErrors = {};

  add(field: string, message: string): void {
    const slot = this.errors[field];
    if (Array.isArray(slot) && slot.every((m) => typeof m === 'string')) (slot).push(message);
    else this.errors[field] = [message];
  }

  get empty(): boolean {
    return Object.keys(this.errors).length === 0;
  }

  throwIfAny(): void {
    if (!this.empty) throw new ValidationError(this.errors);
  }
}

export interface MoneyAccountRef {
  id: number;
  slug: string;
  unitId: number;
  kind: 'bank' | 'api';
}

export interface EventRef {
  id: number;
  slug: string | null;
  name: string;
  vsPrefix: number | null;
  /** The event's administrative unit with the lowest id ("the first unit"), if any. */
  firstUnitId: number | null;
}

/** The first unit of event `eventId` (an SQL expression): its administrative unit with the lowest id. */
export const firstUnitOf = (eventId: Sql): Sql =>
  sql`(select min(eu.administrative_unit_id) from event_administrative_units eu where eu.event_id = ${eventId})`;

const EVENT_COLUMNS = `e.id, e.slug, e.name, e.variable_symbol_prefix as "vsPrefix", ${firstUnitOf(raw('e.id')).text} as "firstUnitId"`;

export async function moneyAccountBySlug(em: EntityManager, slug: string): Promise<MoneyAccountRef | undefined> {
  const [row] = await execute<MoneyAccountRef[]>(
    em,
    `select id, slug, administrative_unit_id as "unitId", kind from money_account where slug = ?`,
    [slug],
  );
  return row;
}

export async function eventBySlug(em: EntityManager, slug: string): Promise<EventRef | undefined> {
  const [row] = await execute<EventRef[]>(em, `select ${EVENT_COLUMNS} from event e where e.slug = ?`, [slug]);
  return row;
}

/** An id as a slug-style reference gives it (`"12"`); non-integers are DRF's "Invalid value.". */
function idOf(value: string): number | 'invalid' | 'out-of-range' {
  const n = parseDrfInteger(value);
  if (n === undefined) return 'invalid';
  return n < -2_147_483_648 || n > 2_147_483_647 ? 'out-of-range' : n;
}

/** The id a by-id reference names, or `null` when it cannot name a row (for batched lookups). */
export function refId(value: string): number | null {
  const id = idOf(value);
  return typeof id === 'number' ? id : null;
}

/**
 * Check a row found for a `SlugRelatedField(slug_field='id')` (looked up by `refId(value)`, here
 * or batched with other reads); records the DRF error on miss.
 */
export async function checkById<T>(
  bag: FieldErrorBag,
  field: string,
  value: string,
  find: (id: number) => Promise<T | null | undefined>,
): Promise<T | undefined> {
  const id = idOf(value);
  if (id === 'invalid') {
    bag.add(field, MSG.invalidValue);
    return undefined;
  }
  const row = id === 'out-of-range' ? undefined : await find(id);
  if (!row) bag.add(field, MSG.slugDoesNotExist('id', value));
  return row ?? undefined;
}

/** The `EventRef` row of event `id` (none when missing; with `withSlug`, also when it has no slug). */
export function eventRefById(id: number | null | Sql, opts: { withSlug?: boolean } = {}): Sql {
  return sql`select ${raw(EVENT_COLUMNS)} from event e where e.id = ${id}::int${raw(opts.withSlug ? ' and e.slug is not null' : '')}`;
}

export const unitRefById = (id: number | null | Sql): Sql => sql`select id from administrative_unit where id = ${id}::int`;

export const locationRefById = (id: number | null | Sql): Sql => sql`select id from location where id = ${id}::int`;

async function first<T>(em: EntityManager, statement: Sql): Promise<T | undefined> {
  const [row] = await run<T[]>(em, statement);
  return row;
}

export function eventById(em: EntityManager, bag: FieldErrorBag, field: string, value: string, opts: { withSlug?: boolean } = {}) {
  return checkById(bag, field, value, (id) => first<EventRef>(em, eventRefById(id, opts)));
}

export function unitById(em: EntityManager, bag: FieldErrorBag, field: string, value: string) {
  return checkById(bag, field, value, (id) => first<{ id: number }>(em, unitRefById(id)));
}

export function locationById(em: EntityManager, bag: FieldErrorBag, field: string, value: string) {
  return checkById(bag, field, value, (id) => first<{ id: number }>(em, locationRefById(id)));
}

/** `money_account` by slug; records "Object with slug=… does not exist." on miss. */
export async function requireMoneyAccount(em: EntityManager, bag: FieldErrorBag, field: string, slug: string) {
  const row = await moneyAccountBySlug(em, slug);
  if (!row) bag.add(field, MSG.slugDoesNotExist('slug', slug));
  return row;
}

/** `event` by slug; records "Object with slug=… does not exist." on miss. */
export async function requireEventBySlug(em: EntityManager, bag: FieldErrorBag, field: string, slug: string) {
  const row = await eventBySlug(em, slug);
  if (!row) bag.add(field, MSG.slugDoesNotExist('slug', slug));
  return row;
}
