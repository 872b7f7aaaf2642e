import {
  CheckConstraintViolationException,
  FlushMode,
  ForeignKeyConstraintViolationException,
  LoadStrategy,
  NotNullConstraintViolationException,
  PopulateHint,
  UniqueConstraintViolationException,
  type Collection,
  type EntityMetadata,
  type EntityProperty,
  raw,
} from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import { MSG, adminPropName, formatDateTimeOrNull, type AnyAdminField, type AnyAdminResourceSchemas } from '@klub/contracts';
import { Conflict, NotFound, PermissionDenied, ValidationError, type FieldErrors } from '../errors.js';
import { diffRepresentations, recordAudit, type AuditAction } from './audit-log.js';
import { blockingReferences, ensureDeletable, referencedConflict } from './references.js';
import type { AdminContext, AdminEntity, AdminResourceDef, WriteArgs, WriteScope } from './resource.js';
import { slugText, uniqueSlug, type SlugTable } from '../events/slug.js';
import { execute } from '../sql.js';
import { ADMIN_RESOURCES } from './registry.js';
import { SUPERUSER_ACCESS, mayWrite, scopePredicate, unitsOfRow, type StaffAccess } from './unit-scope.js';

/**
 * The one implementation of list / retrieve / create / update / delete behind every admin
 * resource (operations.md §3). A resource definition says what differs; this module maps the
 * wire fields onto entity properties by their declared kind, checks references and unique
 * keys the way DRF's ModelSerializer does (400 with the field's message), writes the audit
 * entry in the same transaction, and turns a delete that something still refers to into 409.
 */

export type Wire = Record<string, unknown>;
export type OutputOf<S extends AnyAdminResourceSchemas> = z.infer<S['ZOutput']>;

export interface AdminListQuery {
  /** Equality filters by wire name (already validated); undefined values are ignored. */
  filters: Record<string, unknown>;
  /** A further MikroORM condition (e.g. a segment's, issue 19). */
  where?: Record<string, unknown>;
  search?: string | undefined;
  /** Terms by wire name, already checked against the resource's allow-list. */
  ordering: ReadonlyArray<{ field: string; direction: 'asc' | 'desc' }>;
}

type Fields = Record<string, AnyAdminField>;

const fieldsOf = (def: AdminResourceDef): Fields => def.schemas.fields;

function metaOf(em: EntityManager, def: AdminResourceDef): EntityMetadata {
  return em.getMetadata().get(def.entity.meta.className);
}

function propOf(meta: EntityMetadata, wire: string): EntityProperty {
  const prop = meta.properties[adminPropName(wire)] as EntityProperty | undefined;
  if (!prop) throw new Error(`${meta.className} has no property for the admin field "${wire}"`);
  return prop;
}

function populateOf(def: AdminResourceDef): string[] {
  const m2m = Object.entries(fieldsOf(def))
    .filter(([, f]) => f.kind === 'm2m')
    .map(([wire]) => adminPropName(wire));
  return [...new Set([...m2m, ...(def.populate ?? [])])];
}

const findOptions = (def: AdminResourceDef) => ({
  populate: populateOf(def) as never[],
  strategy: LoadStrategy.SELECT_IN,
  populateWhere: PopulateHint.ALL,
});

// --- reading -------------------------------------------------------------------------------------

const idOf = (v: unknown): number | null => (v && typeof v === 'object' && 'id' in v ? (v as { id: number }).id : null);

/** Entity → representation, by each field's kind. */
export function toRepresentation(def: AdminResourceDef, entity: AdminEntity): Wire {
  const out: Wire = {};
  for (const [wire, f] of Object.entries(fieldsOf(def))) {
    if (f.mode === 'w') continue;
    const custom = def.custom?.[wire]?.read;
    if (custom) {
      out[wire] = custom(entity);
      continue;
    }
    const value = entity[adminPropName(wire)];
    switch (f.kind) {
      case 'fk':
        out[wire] = idOf(value);
        break;
      case 'm2m':
        out[wire] = (value as Collection<AdminEntity>)
          .getItems()
          .map((x) => x.id)
          .sort((x, y) => x - y);
        break;
      case 'datetime':
        out[wire] = formatDateTimeOrNull(value as Date | null | undefined);
        break;
      default:
        out[wire] = value === undefined ? null : value;
    }
  }
  return out;
}

// --- unit scope (unit-scope.ts) -----------------------------------------------------------------

/**
 * The resource's unit declaration as a where condition on the query's root alias, or nothing
 * when `access` sees every row: the rows of other units are never loaded.
 */
function scopeWhere(def: AdminResourceDef, access: StaffAccess): Record<string, unknown> {
  if (scopePredicate(def.units, access, 'x') === null) return {};
  return { [raw((alias: string) => scopePredicate(def.units, access, alias)!)]: true };
}

const withScope = (where: Record<string, unknown>, scope: Record<string, unknown>): Record<string, unknown> =>
  Object.keys(scope).length === 0 ? where : Object.keys(where).length === 0 ? scope : { $and: [where, scope] };

/** Which of `ids` (rows of `table`) `access` reaches; one statement. */
async function reachableIds(em: EntityManager, def: AdminResourceDef, table: string, ids: number[], access: StaffAccess): Promise<Set<number>> {
  const where = scopePredicate(def.units, access, 'r');
  if (where === null) return new Set(ids);
  const rows = await execute<Array<{ id: number }>>(em, `select r.id from "${table}" r where r.id in (?) and ${where}`, [ids]);
  return new Set(rows.map((r) => r.id));
}

/** The admin resource of an entity class, for the unit rule of the rows a write refers to. */
const resourceOfEntity = (className: string): AdminResourceDef | undefined =>
  Object.values(ADMIN_RESOURCES).find((d) => d.entity.meta.className === className);

/** A write into another unit, or a resource the caller may not change: 403. */
function ensureMayWrite(def: AdminResourceDef, access: StaffAccess, entity: AdminEntity | null): void {
  if (!mayWrite(def.units, access)) throw new PermissionDenied();
  if (access.role !== 'superuser' && entity && def.superuserRow?.(entity)) throw new PermissionDenied();
}

/** Superuser-only fields (staff accounts) may be sent by others only unchanged (or empty on create). */
function ensureFieldsAllowed(def: AdminResourceDef, access: StaffAccess, input: Record<string, unknown>, before: Wire | null): void {
  if (access.role === 'superuser') return;
  const empty = (v: unknown) => v === undefined || v === null || v === false || (Array.isArray(v) && v.length === 0);
  for (const wire of def.superuserFields ?? []) {
    if (!(wire in input)) continue;
    const value = input[wire];
    const unchanged = before ? JSON.stringify(value) === JSON.stringify(before[wire]) : empty(value);
    if (!unchanged) throw new PermissionDenied();
  }
}

/** After a write: the row must still be within the caller's units (a create or move into another unit is 403). */
async function ensureStillReached(em: EntityManager, def: AdminResourceDef, meta: EntityMetadata, id: number, access: StaffAccess): Promise<void> {
  if (!(await reachableIds(em, def, meta.tableName, [id], access)).has(id)) throw new PermissionDenied();
}

async function findEntity(em: EntityManager, def: AdminResourceDef, id: number, access: StaffAccess): Promise<AdminEntity> {
  const entity = (await em.findOne(def.entity, withScope({ id }, scopeWhere(def, access)), findOptions(def))) as AdminEntity | null;
  if (!entity) throw new NotFound();
  return entity;
}

/** `GET /api/admin/<resource>/{id}/`: a row of another unit is 404, as if it did not exist. */
export async function adminRetrieve<S extends AnyAdminResourceSchemas>(
  em: EntityManager,
  def: AdminResourceDef<S>,
  id: number,
  access: StaffAccess,
): Promise<OutputOf<S>> {
  return toRepresentation(def, await findEntity(em, def, id, access)) as OutputOf<S>;
}

/** Escape LIKE wildcards (PostgreSQL's default escape character is the backslash). */
const likeEscape = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Wrap `cond` at a dotted path: `user.email` → `{user: {email: cond}}`. */
function atPath(path: string, cond: unknown): Record<string, unknown> {
  return path
    .split('.')
    .reverse()
    .reduce<unknown>((inner, key) => ({ [key]: inner }), cond) as Record<string, unknown>;
}

/** DRF's SearchFilter: terms split on whitespace and commas; each must match some field. */
export function searchTerms(search: string | undefined): string[] {
  return (search ?? '').replace(/\0/g, '').replace(/,/g, ' ').split(/\s+/).filter(Boolean);
}

function listWhere(def: AdminResourceDef, query: AdminListQuery): Record<string, unknown> {
  const and: Array<Record<string, unknown>> = [];
  for (const [wire, value] of Object.entries(query.filters)) {
    if (value === undefined) continue;
    const kind = def.schemas.list.filters[wire];
    if (kind === 'min' || kind === 'max') {
      and.push({ [adminPropName(wire.replace(/_(min|max)$/, ''))]: { [kind === 'min' ? '$gte' : '$lte']: value } });
    } else and.push({ [adminPropName(wire)]: value });
  }
  if (query.where) and.push(query.where);
  const paths = def.search ?? [];
  if (paths.length) {
    for (const term of searchTerms(query.search)) {
      const like = { $ilike: `%${likeEscape(term)}%` };
      and.push({ $or: paths.map((p) => atPath(p, like)) });
    }
  }
  return and.length ? { $and: and } : {};
}

/** One page of a resource: `[representations, total count]`. */
export async function adminList<S extends AnyAdminResourceSchemas>(
  em: EntityManager,
  def: AdminResourceDef<S>,
  query: AdminListQuery,
  window: { limit: number; offset: number },
  access: StaffAccess,
): Promise<[Array<OutputOf<S>>, number]> {
  const orderBy: Array<Record<string, 'asc' | 'desc'>> = query.ordering.map((t) => ({ [adminPropName(t.field)]: t.direction }));
  if (!query.ordering.some((t) => t.field === 'id')) orderBy.push({ id: 'asc' });
  const [rows, count] = await em.findAndCount(def.entity, withScope(listWhere(def, query), scopeWhere(def, access)), {
    ...findOptions(def),
    orderBy: orderBy as never,
    limit: window.limit,
    offset: window.offset,
  });
  return [(rows as AdminEntity[]).map((r) => toRepresentation(def, r) as OutputOf<S>), count];
}

/**
 * Every object of a resource in id order, `batchSize` at a time, for exports: each batch is
 * read with one page query and the unit of work is emptied after it, so memory stays flat.
 */
export async function* adminIterate(
  em: EntityManager,
  def: AdminResourceDef,
  access: StaffAccess,
  batchSize = 500,
  where: Record<string, unknown> = {},
): AsyncGenerator<Wire[]> {
  let after = 0;
  for (;;) {
    const fork = em.fork();
    const rows = (await fork.find(def.entity, withScope({ $and: [{ id: { $gt: after } }, where] }, scopeWhere(def, access)), {
      ...findOptions(def),
      orderBy: { id: 'asc' } as never,
      limit: batchSize,
    })) as AdminEntity[];
    if (rows.length === 0) return;
    after = rows[rows.length - 1]!.id;
    yield rows.map((r) => toRepresentation(def, r));
    fork.clear();
    if (rows.length < batchSize) return;
  }
}

// --- writing -------------------------------------------------------------------------------------

const defined = (input: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));

/** The ids a reference field held before the write (none on create). */
function previousIds(before: Wire | null, wire: string): number[] {
  const value = before?.[wire];
  return Array.isArray(value) ? (value as number[]) : typeof value === 'number' ? [value] : [];
}

/**
 * DRF's PrimaryKeyRelatedField check: every referenced id must exist (one query per target).
 * The references a write adds or removes must also be within the caller's units: a row of
 * another unit answers as if it did not exist (400), another unit itself is a write into it (403).
 */
async function checkReferences(
  em: EntityManager,
  def: AdminResourceDef,
  meta: EntityMetadata,
  input: Record<string, unknown>,
  ctx: AdminContext,
  before: Wire | null,
): Promise<void> {
  const { access, actor } = ctx;
  const actorId = actor.id;
  const errors: FieldErrors = {};
  for (const [wire, value] of Object.entries(input)) {
    const f = fieldsOf(def)[wire];
    if (!f || f.mode === 'r' || (f.kind !== 'fk' && f.kind !== 'm2m')) continue;
    const ids = value === null ? [] : [...new Set(f.kind === 'fk' ? [value as number] : (value as number[]))];
    const target = propOf(meta, wire).type;
    if (ids.length) {
      const found = new Set((await em.find<AdminEntity>(target, { id: { $in: ids } }, { fields: ['id'] as never[] })).map((r) => r.id));
      const missing = ids.find((id) => !found.has(id));
      if (missing !== undefined) {
        errors[wire] = [MSG.invalidPk(String(missing))];
        continue;
      }
    }
    const targetDef = resourceOfEntity(target);
    if (!targetDef) continue;
    const old = previousIds(before, wire);
    // The acting staff member may always name themself (an interaction's author, a PDF's).
    const self = targetDef === ADMIN_RESOURCES.profiles ? actorId : null;
    const changed = [...ids.filter((id) => !old.includes(id)), ...old.filter((id) => !ids.includes(id))].filter((id) => id !== self);
    if (changed.length === 0) continue;
    const reached = await reachableIds(em, targetDef, em.getMetadata().get(target).tableName, changed, access);
    const outside = changed.find((id) => !reached.has(id));
    if (outside === undefined) continue;
    if (targetDef === ADMIN_RESOURCES['administrative-units']) throw new PermissionDenied();
    errors[wire] = [MSG.invalidPk(String(outside))];
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

/** The generic column writes (and the custom ones of `phase`), in field order. */
async function applyInput(def: AdminResourceDef, meta: EntityMetadata, args: WriteArgs, phase: 'before' | 'after'): Promise<void> {
  const { em, entity, input } = args;
  const fields = fieldsOf(def);
  const customs: Array<() => Promise<void> | void> = [];
  for (const [wire, value] of Object.entries(input)) {
    const f = fields[wire];
    // Slugs are written by applySlugs, which needs the stored value to tell "unchanged".
    if (!f || f.mode === 'r' || value === undefined || def.slugs?.[wire] !== undefined) continue;
    const custom = def.custom?.[wire];
    if (custom?.write) {
      if ((custom.phase ?? 'before') === phase) customs.push(() => custom.write!(value, args));
      continue;
    }
    if (phase !== 'before') continue;
    const prop = propOf(meta, wire);
    switch (f.kind) {
      case 'fk':
        entity[prop.name] = value === null ? null : em.getReference(prop.type, value as number, { wrapped: Boolean(prop.ref) });
        break;
      case 'm2m':
        (entity[prop.name] as Collection<object>).set((value as number[]).map((id) => em.getReference(prop.type, id)));
        break;
      case 'file':
        throw new Error(`${def.schemas.name}.${wire}: file fields need a custom write`);
      default:
        entity[prop.name] = value;
    }
  }
  for (const run of customs) await run();
}

const SLUG_TABLES: readonly string[] = ['event', 'event_type', 'interaction_type', 'administrative_unit', 'interaction_category'] satisfies SlugTable[];

/**
 * Generated slugs (domain.md §8) through the shared `uniqueSlug`: blank → from the source
 * field; given → normalised; then `-2`, `-3`… when taken. An unchanged slug stays as it is.
 */
async function applySlugs(def: AdminResourceDef, meta: EntityMetadata, args: WriteArgs): Promise<void> {
  for (const [wire, sourceWire] of Object.entries(def.slugs ?? {})) {
    const given = args.input[wire];
    if (!args.isCreate && given === undefined) continue;
    if (!SLUG_TABLES.includes(meta.tableName)) throw new Error(`${meta.tableName} has no generated slug`);
    const prop = propOf(meta, wire);
    const max = fieldsOf(def)[wire]?.maxLength ?? prop.length ?? 100;
    const from = args.input[sourceWire] ?? args.entity[adminPropName(sourceWire)];
    const source = typeof given === 'string' && given !== '' ? given : typeof from === 'string' ? from : '';
    const base = slugText(source, max);
    if (!args.isCreate && base !== '' && base === args.entity[prop.name]) continue;
    if (base === '' && prop.nullable) {
      args.entity[prop.name] = null;
      continue;
    }
    args.entity[prop.name] = await uniqueSlug(args.em, meta.tableName as SlugTable, source, max);
  }
}

const valueForQuery = (v: unknown): unknown => (v && typeof v === 'object' && 'id' in v ? (v).id : v);

/** DRF's unique validators: a taken unique value → 400 on the field; a taken unique set → non_field_errors. */
async function checkUniques(def: AdminResourceDef, meta: EntityMetadata, args: WriteArgs): Promise<void> {
  const { em, entity, input } = args;
  const wireOf = new Map(Object.keys(fieldsOf(def)).map((w) => [adminPropName(w), w]));
  const notSelf = entity.id === undefined ? {} : { id: { $ne: entity.id } };
  const errors: FieldErrors = {};
  for (const wire of Object.keys(input)) {
    if (def.slugs?.[wire] !== undefined) continue;
    const prop = meta.properties[adminPropName(wire)] as EntityProperty | undefined;
    const value = prop ? valueForQuery(entity[prop.name]) : undefined;
    if (!prop?.unique || value === null || value === undefined) continue;
    if (await em.count(def.entity, { [prop.name]: value, ...notSelf })) errors[wire] = [MSG.unique];
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);

  const written = new Set(Object.keys(input).map(adminPropName));
  for (const unique of meta.uniques) {
    const props = Array.isArray(unique.properties) ? (unique.properties) : [];
    if (props.length < 2 || (!args.isCreate && !props.some((p) => written.has(p)))) continue;
    const values = props.map((p) => valueForQuery(entity[p]));
    if (values.some((v) => v === null || v === undefined)) continue;
    const where = Object.fromEntries(props.map((p, i) => [p, values[i]]));
    if (await em.count(def.entity, { ...where, ...notSelf })) {
      const names = props.map((p) => wireOf.get(p) ?? p).join(', ');
      throw ValidationError.nonField(`The fields ${names} must make a unique set.`);
    }
  }
}

/** A constraint the checks above did not foresee (or lost a race on) → a DRF error, not a 500. */
function translateDbError(def: AdminResourceDef, meta: EntityMetadata, error: unknown): unknown {
  const text = (v: unknown): string => (typeof v === 'string' ? v : '');
  const constraint = text((error as { constraint?: unknown }).constraint);
  const fieldFor = () =>
    Object.keys(fieldsOf(def)).find((w) => {
      const column = (meta.properties[adminPropName(w)] as EntityProperty | undefined)?.fieldNames?.[0];
      return column !== undefined && constraint.includes(`_${column}_`);
    });
  if (error instanceof UniqueConstraintViolationException) {
    const wire = fieldFor();
    return wire ? ValidationError.field(wire, MSG.unique) : ValidationError.nonField(MSG.unique);
  }
  if (error instanceof ForeignKeyConstraintViolationException) {
    return ValidationError.nonField('A referenced object does not exist (any more).');
  }
  if (error instanceof CheckConstraintViolationException) {
    return ValidationError.nonField(`These values break the rule "${constraint}".`);
  }
  if (error instanceof NotNullConstraintViolationException) {
    const column = text((error as { column?: unknown }).column);
    const wire = Object.keys(fieldsOf(def)).find((w) => meta.properties[adminPropName(w)]?.fieldNames?.[0] === column);
    return wire ? ValidationError.field(wire, MSG.notNull) : ValidationError.nonField(MSG.notNull);
  }
  return error;
}

/**
 * Run `fn` in a transaction with its rollback/commit hooks; database constraint errors become
 * DRF errors.
 */
export async function runAdminWrite<T>(
  em: EntityManager,
  def: AdminResourceDef,
  fn: (tem: EntityManager, scope: WriteScope) => Promise<T>,
  onDbError?: (error: unknown) => Promise<unknown>,
): Promise<T> {
  const rollbacks: Array<() => Promise<void> | void> = [];
  const commits: Array<() => Promise<void> | void> = [];
  const scope: WriteScope = { onRollback: (f) => void rollbacks.push(f), afterCommit: (f) => void commits.push(f) };
  let result: T;
  try {
    // Queries inside never flush on their own: the checks must see the database, not the half-written entity.
    result = await em.transactional((tem) => fn(tem, scope), { flushMode: FlushMode.COMMIT });
  } catch (error) {
    for (const undo of rollbacks) await Promise.resolve(undo()).catch(() => undefined);
    throw (await onDbError?.(error)) ?? translateDbError(def, metaOf(em, def), error);
  }
  for (const done of commits) await Promise.resolve(done()).catch(() => undefined);
  return result;
}

/** Reload inside the transaction (after the writes) and record the audit entry. */
async function finishWrite(
  tem: EntityManager,
  def: AdminResourceDef,
  ctx: AdminContext,
  action: AuditAction,
  id: number,
  before: Wire | null,
  unitsBefore: number[] | null = null,
): Promise<Wire> {
  tem.clear();
  const meta = metaOf(tem, def);
  await ensureStillReached(tem, def, meta, id, ctx.access);
  const after = toRepresentation(def, await findEntity(tem, def, id, ctx.access));
  await recordAudit(tem, {
    actor: ctx.actor,
    action,
    resource: def.schemas.name,
    objectId: id,
    changes: diffRepresentations(before, after, def.auditIgnore),
    unitIds: unionUnits(unitsBefore, await unitsOfRow(tem, meta.tableName, def.units, id)),
  });
  return after;
}

function unionUnits(a: number[] | null, b: number[] | null): number[] | null {
  if (a === null && b === null) return null;
  return [...new Set([...(a ?? []), ...(b ?? [])])].sort((x, y) => x - y);
}

async function write(def: AdminResourceDef, meta: EntityMetadata, args: WriteArgs): Promise<void> {
  ensureFieldsAllowed(def, args.ctx.access, args.input, args.before);
  await def.validate?.({ em: args.em, input: args.input, entity: args.isCreate ? null : args.entity, ctx: args.ctx });
  await checkReferences(args.em, def, meta, args.input, args.ctx, args.before);
  await applyInput(def, meta, args, 'before');
  await def.prepare?.(args);
  await applySlugs(def, meta, args);
  await checkUniques(def, meta, args);
  await args.em.flush();
  await applyInput(def, meta, args, 'after');
  await def.afterWrite?.(args);
  await args.em.flush();
}

/** `POST /api/admin/<resource>/`: create, audit, answer the stored representation. */
export async function adminCreate<S extends AnyAdminResourceSchemas>(
  em: EntityManager,
  def: AdminResourceDef<S>,
  input: Record<string, unknown>,
  ctx: AdminContext,
): Promise<OutputOf<S>> {
  return runAdminWrite(em, def, async (tem, scope) => {
    const meta = metaOf(tem, def);
    ensureMayWrite(def, ctx.access, null);
    const data = { ...(def.defaults?.(ctx) ?? {}), ...defined(input) };
    ensureFieldsAllowed(def, ctx.access, data, null);
    const insertedId = (await def.insert?.({ em: tem, input: data, ctx })) ?? null;
    // The new row reaches no unit yet: it is loaded as a superuser would, and judged once written.
    const entity = insertedId === null ? (tem.create(def.entity, {}) as AdminEntity) : await findEntity(tem, def, insertedId, SUPERUSER_ACCESS);
    await write(def, meta, { em: tem, entity, input: data, ctx, scope, isCreate: true, before: null });
    return (await finishWrite(tem, def, ctx, 'create', entity.id, null)) as OutputOf<S>;
  });
}

/** `PUT` / `PATCH /api/admin/<resource>/{id}/`: only the sent fields change. */
export async function adminUpdate<S extends AnyAdminResourceSchemas>(
  em: EntityManager,
  def: AdminResourceDef<S>,
  id: number,
  input: Record<string, unknown>,
  ctx: AdminContext,
): Promise<OutputOf<S>> {
  return runAdminWrite(em, def, async (tem, scope) => {
    const meta = metaOf(tem, def);
    const entity = await findEntity(tem, def, id, ctx.access);
    ensureMayWrite(def, ctx.access, entity);
    const before = toRepresentation(def, entity);
    const unitsBefore = await unitsOfRow(tem, meta.tableName, def.units, id);
    await write(def, meta, { em: tem, entity, input: defined(input), ctx, scope, isCreate: false, before });
    return (await finishWrite(tem, def, ctx, 'update', id, before, unitsBefore)) as OutputOf<S>;
  });
}

/** `DELETE /api/admin/<resource>/{id}/`: 409 while anything still refers to the object. */
export async function adminDestroy(em: EntityManager, def: AdminResourceDef, id: number, ctx: AdminContext): Promise<void> {
  const table = metaOf(em, def).tableName;
  // A reference created meanwhile, or one reached through an owned table's cascade.
  const onDbError = async (error: unknown): Promise<unknown> => {
    if (!(error instanceof ForeignKeyConstraintViolationException)) return undefined;
    const refs = await blockingReferences(em.fork(), table, id, def.owns);
    return refs.length ? referencedConflict(def.label, refs) : new Conflict(`Cannot delete this ${def.label}: other records still refer to it.`);
  };
  await runAdminWrite(
    em,
    def,
    async (tem, scope) => {
      const entity = await findEntity(tem, def, id, ctx.access);
      ensureMayWrite(def, ctx.access, entity);
      const before = toRepresentation(def, entity);
      const unitIds = await unitsOfRow(tem, table, def.units, id);
      await ensureDeletable(tem, table, id, def.label, def.owns);
      await def.beforeDelete?.({ em: tem, entity, ctx, scope });
      await tem.nativeDelete(def.entity, { id });
      await def.afterDelete?.({ em: tem, before, ctx });
      await recordAudit(tem, {
        actor: ctx.actor,
        action: 'delete',
        resource: def.schemas.name,
        objectId: id,
        changes: diffRepresentations(before, null, def.auditIgnore),
        unitIds,
      });
    },
    onDbError,
  );
}

/** The audit entry of a non-CRUD action (rotate-secret, revoke-tokens). */
export async function recordAdminAction(
  tem: EntityManager,
  def: AdminResourceDef,
  ctx: AdminContext,
  action: string,
  id: number,
  changes: Record<string, { old?: unknown; new?: unknown }> = {},
): Promise<void> {
  const unitIds = await unitsOfRow(tem, metaOf(tem, def).tableName, def.units, id);
  await recordAudit(tem, { actor: ctx.actor, action, resource: def.schemas.name, objectId: id, changes, unitIds });
}

/** The generic write pipeline on an entity that already exists in `args.em` (special creates). */
export async function writeAdminInput(def: AdminResourceDef, args: WriteArgs): Promise<void> {
  await write(def, metaOf(args.em, def), args);
}

export { findEntity as findAdminEntity, finishWrite as finishAdminWrite };
