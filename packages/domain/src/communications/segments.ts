import { raw } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { TSegment, TSegmentInput, TSegmentMember, TSegmentRule } from '@klub/contracts';
import { AutomaticMessage, Mailing, Segment } from '@klub/db';
import { PermissionDenied } from '../errors.js';
import { personScopeSql, seesAllUnits, type StaffAccess } from '../admin/unit-scope.js';
import { NotFound, ValidationError } from '../errors.js';
import { inTransaction } from '../sql.js';
import { raw as rawSql, run, sql } from '../sql-fragment.js';
import { segmentIds, segmentPredicate, type SegmentSqlOptions } from './segment-sql.js';

/** Saved segments (issue 19 §1) and their members, always evaluated now. */

const toWire = (s: Segment): TSegment => ({
  id: s.id,
  name: s.name,
  description: s.description,
  rule: s.rule,
  created: new Date(s.created).toISOString(),
  updated: new Date(s.updated).toISOString(),
});

async function uniqueName(em: EntityManager, name: string, except?: number): Promise<void> {
  const other = await em.findOne(Segment, { name, ...(except ? { id: { $ne: except } } : {}) });
  if (other) throw new ValidationError({ name: ['A segment with this name already exists.'] });
}

export async function findSegment(em: EntityManager, id: number): Promise<Segment> {
  const segment = await em.findOne(Segment, { id });
  if (!segment) throw new NotFound();
  return segment;
}

export async function listSegments(em: EntityManager, window: { limit: number; offset: number }): Promise<[TSegment[], number]> {
  const [rows, count] = await em.findAndCount(Segment, {}, { orderBy: { name: 'asc', id: 'asc' }, ...window });
  return [rows.map(toWire), count];
}

export async function retrieveSegment(em: EntityManager, id: number): Promise<TSegment> {
  return toWire(await findSegment(em, id));
}

export async function createSegment(em: EntityManager, input: TSegmentInput, createdBy: number | null): Promise<TSegment> {
  await uniqueName(em, input.name);
  const segment = em.create(Segment, { ...input, createdBy });
  await em.flush();
  return toWire(segment);
}

export async function updateSegment(em: EntityManager, id: number, input: Partial<TSegmentInput>): Promise<TSegment> {
  const segment = await findSegment(em, id);
  if (input.name !== undefined) await uniqueName(em, input.name, id);
  em.assign(segment, Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)));
  await em.flush();
  return toWire(segment);
}

export async function deleteSegment(em: EntityManager, id: number): Promise<void> {
  const segment = await findSegment(em, id);
  if (await em.count(Mailing, { segment: id })) throw new ValidationError({ non_field_errors: ['A mailing uses this segment.'] });
  if (await em.count(AutomaticMessage, { segment: id })) throw new ValidationError({ non_field_errors: ['An automatic message uses this segment.'] });
  em.remove(segment);
  await em.flush();
}

/**
 * Segments are shared by the units; unit staff may change one only while no mailing or automatic
 * message of a unit they do not administer uses it (403).
 */
export async function ensureSegmentChangeable(em: EntityManager, access: StaffAccess, id: number): Promise<void> {
  await findSegment(em, id);
  if (seesAllUnits(access)) return;
  const units = { $nin: [...access.unitIds] };
  if ((await em.count(Mailing, { segment: id, administrativeUnit: units })) || (await em.count(AutomaticMessage, { segment: id, administrativeUnit: units })))
    throw new PermissionDenied();
}

/** The people `access` reaches, as a condition on profile `p` (unit staff: their units' people). */
const scoped = (options: SegmentScope): ReturnType<typeof sql> =>
  options.access ? rawSql(personScopeSql(options.access, 'p') ?? 'true') : rawSql('true');

/** A segment's evaluation options, and whose people may be counted and listed. */
export type SegmentScope = SegmentSqlOptions & { access?: StaffAccess };

/**
 * Runs segment statements without JIT compilation: PostgreSQL's cost model turns it on for
 * aggregates over millions of payments, where compiling costs more (≈ 0.5 s here) than it saves.
 */
function withoutJit<T>(em: EntityManager, fn: (tx: EntityManager) => Promise<T>): Promise<T> {
  return inTransaction(em, async (tx) => {
    await run(tx, rawSql('set local jit = off'));
    return fn(tx);
  });
}

/** How many people the rule selects (one statement). */
export async function countSegment(em: EntityManager, rule: TSegmentRule, options: SegmentScope = {}): Promise<number> {
  const [row] = await withoutJit(em, (tx) =>
    run<Array<{ n: number }>>(tx, sql`select count(*)::int as n from profile p where ${segmentPredicate(rule, options)} and ${scoped(options)}`),
  );
  return row?.n ?? 0;
}

/** One page of members in id order, and the count: two statements. */
export async function segmentMembers(
  em: EntityManager,
  rule: TSegmentRule,
  window: { limit: number; offset: number },
  options: SegmentScope = {},
): Promise<[TSegmentMember[], number]> {
  const rows = await withoutJit(em, (tx) =>
    run<TSegmentMember[]>(
    tx,
    sql`select p.id, p.first_name, p.last_name, p.email, p.language, p.city
          from profile p where ${segmentPredicate(rule, options)} and ${scoped(options)}
         order by p.id limit ${window.limit} offset ${window.offset}`,
    ),
  );
  return [rows, await countSegment(em, rule, options)];
}

/**
 * The segment as a MikroORM condition on profiles (`{ $and: [..., segmentFilter(rule)] }`), so
 * the admin people list and `klub export` can filter by it in their own single query.
 */
export function segmentFilter(rule: TSegmentRule, options: SegmentSqlOptions = {}): Record<string, unknown> {
  const ids = segmentIds(rule, options);
  return { [raw((alias: string) => `(${alias}.id in (${ids.text}))`, [...ids.params])]: true };
}

/** A saved segment's condition on profiles (404 when there is none with the id). */
export async function savedSegmentFilter(em: EntityManager, id: number): Promise<Record<string, unknown>> {
  return segmentFilter((await findSegment(em, id)).rule);
}
