import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';
import type { TSegmentRule } from '@klub/contracts';
import { Profile } from './Profile.js';

/**
 * A saved selection of people (issue 19 §1): a named rule tree over the conditions of
 * `@klub/contracts` SEGMENT_CONDITIONS, compiled to SQL by `@klub/domain` whenever it is used,
 * so its members are always today's.
 */
const SegmentSchema = defineEntity({
  name: 'Segment',
  tableName: 'segment',
  properties: {
    id: p.integer().primary(),
    name: p.string().length(200).unique(),
    description: p.text().default(''),
    rule: p.json<TSegmentRule>(),
    createdBy: () => p.manyToOne(Profile).ref().nullable().deleteRule('set null'),
    created: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    updated: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});

export interface Segment extends InferEntity<typeof SegmentSchema> {}
export const Segment: EntitySchema<Segment, never> = SegmentSchema;
