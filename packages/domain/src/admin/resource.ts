import type { EntitySchema } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AnyAdminResourceSchemas } from '@klub/contracts';
import type { FileStore } from '../files.js';
import type { AdminActor } from './audit-log.js';
import type { StaffAccess, UnitReach } from './unit-scope.js';

/**
 * One admin resource: its wire schemas (from `@klub/contracts`) plus what the generic
 * implementation in `crud.ts` cannot infer: the entity, what search looks at, owned detail
 * tables, generated slugs, and the few fields with their own domain rule.
 */

/** Where uploaded files go: the one file storage (keys it chooses, never a client's path). */
export type AdminFileStore = FileStore;

/** What an admin write knows besides its input. */
export interface AdminContext {
  actor: AdminActor;
  /** What the actor may reach (unit-scope.ts); the CLI acts as a superuser. */
  access: StaffAccess;
  /** The deployment's PROGRAM_TYPES (event.program, interaction.program_of_interest). */
  programTypes: readonly string[];
  files: AdminFileStore;
}

/** Per-write hooks for work that must follow the transaction's outcome (files). */
export interface WriteScope {
  /** Runs if the transaction rolls back (e.g. remove a file written for it). */
  onRollback(fn: () => Promise<void> | void): void;
  /** Runs after the commit (e.g. remove a replaced file). */
  afterCommit(fn: () => Promise<void> | void): void;
}

// Entities are plain objects keyed by property name; hooks reach them by name.
export type AdminEntity = Record<string, unknown> & { id: number };

export interface WriteArgs {
  em: EntityManager;
  entity: AdminEntity;
  /** The validated input (wire names), only the fields the request sent. */
  input: Record<string, unknown>;
  ctx: AdminContext;
  scope: WriteScope;
  isCreate: boolean;
  /** The representation before the write (null on create). */
  before: Record<string, unknown> | null;
}

/** A field with its own rule instead of the generic column mapping. */
export interface CustomField {
  /** The representation's value (else the entity property of the same name). */
  read?: (entity: AdminEntity) => unknown;
  /**
   * Store the value. `before` runs before the first flush (the entity has no id on create);
   * `after` runs once the row exists (domain functions that take the id).
   */
  write?: (value: unknown, args: WriteArgs) => Promise<void> | void;
  phase?: 'before' | 'after';
}

export interface AdminResourceDef<S extends AnyAdminResourceSchemas = AnyAdminResourceSchemas> {
  schemas: S;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any entity schema
  entity: EntitySchema<any, never>;
  /** "administrative unit": used in messages. */
  label: string;
  /**
   * How a row reaches a unit (unit-scope.ts `reach`): the generic CRUD limits every read, write,
   * reference check, export and audit entry of unit staff by it.
   */
  units: UnitReach;
  /** Fields only a superuser may set or change (staff accounts are configuration). */
  superuserFields?: readonly string[];
  /** Rows only a superuser may change or delete, however they reach a unit (staff accounts). */
  superuserRow?: (entity: AdminEntity) => boolean;
  /** Entity paths `?search=` looks in (dotted through many-to-one relations). */
  search?: readonly string[];
  /** Tables whose rows referring to the object are deleted with it (see references.ts). */
  owns?: readonly string[];
  /** Generated slugs: slug field → the field it is made from (domain.md §8). */
  slugs?: Readonly<Record<string, string>>;
  /** Relations to load for custom reads, besides the many-to-many fields. */
  populate?: readonly string[];
  custom?: Readonly<Record<string, CustomField>>;
  /** Values for fields left out on create (wire names). */
  defaults?: (ctx: AdminContext) => Record<string, unknown>;
  /**
   * Insert the row itself (a domain function that owns part of the insert, e.g. generated
   * usernames) and return its id; null lets the generic insert run. The input is then
   * written onto the new row as usual.
   */
  insert?: (args: { em: EntityManager; input: Record<string, unknown>; ctx: AdminContext }) => Promise<number | null>;
  /** Cross-field checks before anything is written; `entity` is null on create. */
  validate?: (args: { em: EntityManager; input: Record<string, unknown>; entity: AdminEntity | null; ctx: AdminContext }) => Promise<void> | void;
  /** After the input is applied, before slugs, unique checks and the first flush (derived columns). */
  prepare?: (args: WriteArgs) => Promise<void> | void;
  /** After the generic and custom writes, before the final flush (id known). */
  afterWrite?: (args: WriteArgs) => Promise<void> | void;
  /** Before the row is deleted, inside the transaction. */
  beforeDelete?: (args: { em: EntityManager; entity: AdminEntity; ctx: AdminContext; scope: WriteScope }) => Promise<void> | void;
  /** After the row is deleted, inside the transaction (`before` is its last representation). */
  afterDelete?: (args: { em: EntityManager; before: Record<string, unknown>; ctx: AdminContext }) => Promise<void> | void;
  /** Representation fields left out of the audit diff (timestamps that change on every save). */
  auditIgnore?: readonly string[];
}

/** Identity with the type checked: `defineAdminEntity({ schemas, entity, ... })`. */
export function defineAdminEntity<S extends AnyAdminResourceSchemas>(def: AdminResourceDef<S>): AdminResourceDef<S> {
  return def;
}
