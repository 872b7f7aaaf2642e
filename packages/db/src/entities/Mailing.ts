import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';
import { MAILING_STATUS } from '@klub/contracts';
import { AdministrativeUnit } from './AdministrativeUnit.js';
import { Profile } from './Profile.js';
import { Segment } from './Segment.js';

/**
 * A mass e-mail of one unit (issue 19 §2): texts in Czech and English with variables, sent to a
 * segment's members and/or chosen people. The recipients are fixed when sending starts
 * (`mailing_recipient`), so a resumed mailing goes to the same people.
 */
const MailingSchema = defineEntity({
  name: 'Mailing',
  tableName: 'mailing',
  properties: {
    id: p.integer().primary(),
    name: p.string().length(200),
    administrativeUnit: () => p.manyToOne(AdministrativeUnit).ref().deleteRule('no action'),
    subjectCs: p.string().length(300).default(''),
    bodyCs: p.text().default(''),
    subjectEn: p.string().length(300).default(''),
    bodyEn: p.text().default(''),
    segment: () => p.manyToOne(Segment).ref().nullable().deleteRule('no action'),
    profiles: p.array<number>((i) => Number(i)).columnType('int[]').default([]),
    /** A path in the file storage (`@klub/storage`), attached to every copy. */
    attachment: p.string().length(255).nullable(),
    status: p.enum([...MAILING_STATUS]).default('draft'),
    scheduledAt: p.datetime().nullable(),
    /** When the recipients were fixed (the first run of the send job). */
    recipientsFixedAt: p.datetime().nullable(),
    startedAt: p.datetime().nullable(),
    finishedAt: p.datetime().nullable(),
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

export interface Mailing extends InferEntity<typeof MailingSchema> {}
export const Mailing: EntitySchema<Mailing, never> = MailingSchema;
