import { defineEntity, p, type EntitySchema, type InferEntity } from '@mikro-orm/core';
import { COMMUNICATION_TYPE, INTERACTION_RATING, INTERACTION_SETTLEMENT } from '@klub/contracts';
import { AdministrativeUnit } from './AdministrativeUnit.js';
import { Event } from './Event.js';
import { InteractionResult } from './InteractionResult.js';
import { InteractionStatus } from './InteractionStatus.js';
import { InteractionType } from './InteractionType.js';
import { Profile } from './Profile.js';

/** A timeline entry of a profile (domain.md §5.5). */
const InteractionSchema = defineEntity({
  name: 'Interaction',
  tableName: 'interaction',
  indexes: [{ properties: ['event', 'type'] }],
  properties: {
    id: p.integer().primary(),
    // RESTRICT: deleting a profile or unit with a history fails instead of erasing the history.
    user: () => p.manyToOne(Profile).ref().deleteRule('no action').index(),
    event: () => p.manyToOne(Event).ref().nullable().deleteRule('set null'),
    administrativeUnit: () => p.manyToOne(AdministrativeUnit).ref().deleteRule('no action').index(),
    created: p
      .datetime()
      .nullable()
      .onCreate(() => new Date()),
    updated: p
      .datetime()
      .nullable()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    type: () => p.manyToOne(InteractionType).ref().deleteRule('cascade').index(),
    subject: p.string().length(130),
    dateFrom: p.datetime(),
    dateTo: p.datetime().nullable(),
    settlement: p.enum([...INTERACTION_SETTLEMENT]).nullable(),
    note: p.text().nullable(),
    attachment: p.string().length(100).nullable(),
    summary: p.text().default(''),
    status: () => p.manyToOne(InteractionStatus).ref().nullable().deleteRule('set null'),
    result: () => p.manyToOne(InteractionResult).ref().nullable().deleteRule('set null'),
    rating: p.enum([...INTERACTION_RATING]).nullable(),
    nextStep: p.text().default(''),
    nextCommunicationDate: p.datetime().nullable(),
    createdBy: () => p.manyToOne(Profile).ref().nullable().deleteRule('set null'),
    handledBy: () => p.manyToOne(Profile).ref().nullable().deleteRule('set null'),
    communicationType: p.enum([...COMMUNICATION_TYPE]).default('individual'),
    dispatched: p.boolean().nullable().default(false),
    skills: p.text().default(''),
    /** Values of the deployment's PROGRAM_TYPES; not checked in the DB (configuration). */
    programOfInterest: p.array().default([]),
  },
});

export interface Interaction extends InferEntity<typeof InteractionSchema> {}
export const Interaction: EntitySchema<Interaction, never> = InteractionSchema;
