import type { RequiredEntityData } from '@mikro-orm/core';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { ensureBuiltinRows } from '../builtins.js';
import {
  AdministrativeUnit,
  DonorPaymentChannel,
  Event,
  EventType,
  Location,
  MoneyAccount,
  OAuthApplication,
  Payment,
  Profile,
  ProfileEmail,
} from '../entities/index.js';
import { createOrmConfig } from '../mikro-orm.config.js';
import { initOrm, migrate } from '../orm.js';

import { testDatabaseUrl } from '../env.js';

export { testDatabaseUrl };

/**
 * Drops and recreates the database named in `url` (through the `postgres` maintenance database of
 * the same server), migrates it and returns the ORM. Meant for a vitest globalSetup.
 */
export async function prepareTestDatabase(url: string): Promise<MikroORM> {
  await onMaintenanceDatabase(url, (dbName) => [
    `drop database if exists "${dbName}" with (force)`,
    `create database "${dbName}"`,
  ]);
  const orm = await initOrm(url);
  await migrate(orm);
  return orm;
}

/** Drops the database named in `url`, whoever is still connected to it. */
export async function dropTestDatabase(url: string): Promise<void> {
  await onMaintenanceDatabase(url, (dbName) => [`drop database if exists "${dbName}" with (force)`]);
}

/** Runs DDL about the database named in `url` from the `postgres` database of the same server. */
async function onMaintenanceDatabase(url: string, statements: (dbName: string) => string[]): Promise<void> {
  const dbName = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  // The name is interpolated into DDL, which takes no bind parameters.
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(dbName)) {
    throw new Error(`Refusing to recreate database with an unusual name: ${JSON.stringify(dbName)}`);
  }
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const admin = await MikroORM.init(createOrmConfig(maintenance.toString()));
  try {
    for (const sql of statements(dbName)) await admin.em.getConnection().execute(sql);
  } finally {
    await admin.close(true);
  }
}

/** How a globalSetup hands its run's database to the test files, which vitest starts after it. */
const RUN_DATABASE_ENV = 'KLUB_TEST_RUN_DATABASE_URL';

/**
 * For a vitest globalSetup: creates and migrates a database for this run only, named
 * `<prefix>_<pid of the vitest process>` (so two runs on one machine never drop each other's
 * data), hands its URL to the test files (`runDatabaseUrl()`) and returns the teardown that drops
 * it. `TEST_DATABASE_URL`, when set, names the database instead.
 */
export async function setupRunDatabase(prefix: string): Promise<() => Promise<void>> {
  const url = testDatabaseUrl(`${prefix}_${process.pid}`);
  const orm = await prepareTestDatabase(url);
  await orm.close(true);
  process.env[RUN_DATABASE_ENV] = url;
  return () => dropTestDatabase(url);
}

/** In a test file: the database that the package's globalSetup (`setupRunDatabase`) made for this run. */
export function runDatabaseUrl(): string {
  const url = process.env[RUN_DATABASE_ENV];
  if (!url) throw new Error(`${RUN_DATABASE_ENV} is unset: the vitest globalSetup must call setupRunDatabase()`);
  return url;
}

/**
 * Empties every entity table in one statement (migrations stay applied), then restores the
 * built-in rows. The installation's signing key stays: processes already running hold it.
 */
export async function resetDatabase(orm: MikroORM): Promise<void> {
  const tables = new Set<string>();
  for (const meta of Object.values(orm.getMetadata().getAll())) {
    if (!meta.embeddable && !meta.virtual && meta.tableName && meta.tableName !== 'installation_secret') tables.add(meta.tableName);
  }
  const list = [...tables].map((t) => `"${t}"`).join(', ');
  await orm.em.getConnection().execute(`truncate table ${list} restart identity cascade`);
  await ensureBuiltinRows(orm.em.fork());
}

/**
 * One SQL statement on `em`'s connection (in its transaction when there is one), for tests and
 * bench harnesses that set up or inspect rows directly. The domain has its own, internal one; the
 * apps reach the data through named domain functions.
 */
export async function execute<T = Record<string, unknown>[]>(em: EntityManager, sql: string, params: readonly unknown[] = []): Promise<T> {
  const rows: unknown = await em.getConnection().execute(sql, [...params], 'all', em.getTransactionContext());
  return rows as T;
}

/** Any subset of the fields `em.create` takes. */
export type Overrides<T extends object> = Partial<RequiredEntityData<T>>;

// Factories: each flushes and returns the entity. Unique values come from a per-process counter,
// so factories may be called any number of times between resets.
let sequence = 0;
function next(): number {
  sequence += 1;
  return sequence;
}

export async function makeUnit(
  em: EntityManager,
  overrides: Overrides<AdministrativeUnit> = {},
): Promise<AdministrativeUnit> {
  const n = next();
  const unit = em.create(AdministrativeUnit, { name: `Unit ${n}`, slug: `unit-${n}`, ...overrides });
  await em.flush();
  return unit;
}

/** A user profile; when `email` is given it also gets that address as its primary profile_email. */
export async function makeProfile(em: EntityManager, overrides: Overrides<Profile> = {}): Promise<Profile> {
  const n = next();
  const profile = em.create(Profile, {
    kind: 'user',
    username: `user${n}`,
    firstName: 'Test',
    lastName: `User ${n}`,
    ...overrides,
  });
  if (overrides.email != null) {
    em.create(ProfileEmail, { email: overrides.email, isPrimary: true, user: profile });
  }
  await em.flush();
  return profile;
}

export async function makeMoneyAccount(
  em: EntityManager,
  overrides: Overrides<MoneyAccount> = {},
): Promise<MoneyAccount> {
  const n = next();
  const administrativeUnit = overrides.administrativeUnit ?? (await makeUnit(em));
  const account = em.create(MoneyAccount, {
    kind: 'bank',
    slug: `account-${n}`,
    bankAccountNumber: `${1000 + n}/2010`,
    ...overrides,
    administrativeUnit,
  });
  await em.flush();
  return account;
}

export async function makeEventType(em: EntityManager, overrides: Overrides<EventType> = {}): Promise<EventType> {
  const n = next();
  const administrativeUnit = overrides.administrativeUnit ?? (await makeUnit(em));
  const type = em.create(EventType, { name: `Type ${n}`, slug: `type-${n}`, ...overrides, administrativeUnit });
  await em.flush();
  return type;
}

/** An event with at least one administrative unit (a new one unless `administrativeUnits` is given). */
export async function makeEvent(em: EntityManager, overrides: Overrides<Event> = {}): Promise<Event> {
  const n = next();
  const administrativeUnits = overrides.administrativeUnits ?? [await makeUnit(em)];
  const event = em.create(Event, { name: `Event ${n}`, slug: `event-${n}`, ...overrides, administrativeUnits });
  await em.flush();
  return event;
}

export async function makeLocation(em: EntityManager, overrides: Overrides<Location> = {}): Promise<Location> {
  const n = next();
  const location = em.create(Location, { name: `Location ${n}`, ...overrides });
  await em.flush();
  return location;
}

export type DonorPaymentChannelOverrides = Omit<
  Overrides<DonorPaymentChannel>,
  'vs' | 'user' | 'moneyAccount' | 'event' | 'administrativeUnit'
> & { vs: string; user?: Profile; moneyAccount?: MoneyAccount; event?: Event };

/**
 * A donor channel with the given VS (VS generation is domain logic, not a factory's); its
 * administrative unit is the money account's.
 */
export async function makeDonorPaymentChannel(
  em: EntityManager,
  overrides: DonorPaymentChannelOverrides,
): Promise<DonorPaymentChannel> {
  const { user, moneyAccount, event, ...rest } = overrides;
  const account = moneyAccount ?? (await makeMoneyAccount(em));
  const channel = em.create(DonorPaymentChannel, {
    regularAmount: 100,
    regularFrequency: 'monthly',
    ...rest,
    user: user ?? (await makeProfile(em)),
    moneyAccount: account,
    event: event ?? (await makeEvent(em)),
    administrativeUnit: account.administrativeUnit,
  });
  await em.flush();
  return channel;
}

export async function makePayment(em: EntityManager, overrides: Overrides<Payment> = {}): Promise<Payment> {
  const payment = em.create(Payment, {
    date: new Date().toISOString().slice(0, 10),
    amount: 100,
    type: 'bank-transfer',
    ...overrides,
  });
  await em.flush();
  return payment;
}

export type OAuthApplicationOverrides = Omit<Overrides<OAuthApplication>, 'clientSecretHash'> & {
  clientSecretHash: string;
};

/** Hashing the secret is the API's business; the caller passes the stored form. */
export async function makeOAuthApplication(
  em: EntityManager,
  overrides: OAuthApplicationOverrides,
): Promise<OAuthApplication> {
  const n = next();
  const application = em.create(OAuthApplication, {
    clientId: `client-${n}`,
    name: `Application ${n}`,
    ...overrides,
  });
  await em.flush();
  return application;
}
