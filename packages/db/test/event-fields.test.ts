import { ReferenceKind, type MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_FIELDS, adminEvents, eventKeysStored } from '@klub/contracts';
import { Event, initOrm } from '../src/index.js';
import { TEST_DATABASE_URL } from './helpers.js';

/**
 * The entity is written out (MikroORM infers its types from the literal `p.*` builders), so it
 * is held to the one list of the Event representation's fields here: every stored field is a
 * column of the entity, with the same nullability and length.
 */
describe('Event entity and EVENT_FIELDS', () => {
  let orm: MikroORM;
  beforeAll(async () => {
    orm = await initOrm(TEST_DATABASE_URL);
  });
  afterAll(async () => {
    await orm.close(true);
  });

  const columns = () =>
    new Map(
      Object.values(orm.getMetadata().get(Event).properties)
        .filter((p) => p.fieldNames?.length === 1)
        .map((p) => [p.fieldNames[0]!, p]),
    );

  it('has a column for every stored field of the representation, alike in nullability and length (text columns have none)', () => {
    const byColumn = columns();
    const stored = eventKeysStored('column', 'array', 'instant', 'date', 'photo');
    expect(stored.length).toBeGreaterThan(40);
    const mismatches = stored.flatMap((key) => {
      const prop = byColumn.get(key);
      if (!prop) return [`${key}: no column`];
      const field = EVENT_FIELDS[key];
      const out: string[] = [];
      if (Boolean(prop.nullable) !== field.read.safeParse(null).success) out.push(`${key}: nullable ${String(prop.nullable)}`);
      if ('max' in field && prop.length !== undefined && field.max !== prop.length) out.push(`${key}: length ${String(prop.length)}, field ${String(field.max)}`);
      return out;
    });
    expect(mismatches).toEqual([]);
  });

  it('reads the related fields from relations the entity has', () => {
    const props = orm.getMetadata().get(Event).properties;
    expect(Object.keys(props)).toEqual(expect.arrayContaining(['location', 'eventType', 'administrativeUnits']));
    expect(eventKeysStored('related')).toEqual(['location', 'event_type', 'administrative_units']);
  });

  it('shows every column in the admin representation (domain.md §4.1), and nothing else', () => {
    const props = Object.values(orm.getMetadata().get(Event).properties);
    const wire = (p: (typeof props)[number]) => {
      if (p.kind === ReferenceKind.MANY_TO_ONE) return p.fieldNames[0]!.replace(/_id$/, '');
      return p.kind === ReferenceKind.MANY_TO_MANY ? 'administrative_units' : (p.fieldNames?.[0] ?? p.name);
    };
    const shown = [ReferenceKind.SCALAR, ReferenceKind.MANY_TO_ONE, ReferenceKind.MANY_TO_MANY];
    const entity = props.filter((p) => shown.includes(p.kind)).map(wire);
    expect(Object.keys(adminEvents.fields).sort()).toEqual(entity.sort());
  });
});
