import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';
import { AUTOMATIC_REPEAT, AUTOMATIC_TRIGGER } from '@klub/contracts';
import { AdministrativeUnit } from './AdministrativeUnit.js';
import { Profile } from './Profile.js';
import { Segment } from './Segment.js';

/**
 * An automatic message of one unit (issue 19 §3): a mailing's texts sent by themselves when a
 * trigger fires for a person (database triggers in the transaction of the change write the
 * `automatic_message_send` rows and the outbox row) or when a person enters a segment (the
 * nightly evaluation). Exactly one of `trigger` and `segment` is set.
 */
const AutomaticMessageSchema = defineEntity({
  name: 'AutomaticMessage',
  tableName: 'automatic_message',
  checks: [{ name: 'automatic_message_trigger_or_segment', expression: '(trigger is null) <> (segment_id is null)' }],
  indexes: [
    { name: 'automatic_message_trigger_index', expression: 'create index "automatic_message_trigger_index" on "automatic_message" ("trigger") where "enabled"' },
  ],
  properties: {
    id: p.integer().primary(),
    name: p.string().length(200),
    administrativeUnit: () => p.manyToOne(AdministrativeUnit).ref().deleteRule('no action'),
    trigger: p.enum([...AUTOMATIC_TRIGGER]).nullable(),
    segment: () => p.manyToOne(Segment).ref().nullable().deleteRule('no action'),
    repeat: p.enum([...AUTOMATIC_REPEAT]).default('once'),
    service: p.boolean().default(false),
    enabled: p.boolean().default(false),
    subjectCs: p.string().length(300).default(''),
    bodyCs: p.text().default(''),
    subjectEn: p.string().length(300).default(''),
    bodyEn: p.text().default(''),
    lastEvaluatedAt: p.datetime().nullable(),
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

export interface AutomaticMessage extends InferEntity<typeof AutomaticMessageSchema> {}
export const AutomaticMessage: EntitySchema<AutomaticMessage, never> = AutomaticMessageSchema;
