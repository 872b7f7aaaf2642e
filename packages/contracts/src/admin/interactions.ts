import { z } from 'zod';
import { a, defineAdminResource } from './define.js';
import { COMMUNICATION_TYPE, INTERACTION_RATING, INTERACTION_SETTLEMENT } from '../choices.js';

/** `/api/admin/interactions/` (domain.md §5.5). */
export const adminInteractions = defineAdminResource(
  'interactions',
  'Interaction',
  {
    id: a.id(),
    user: a.fk('Profile id'),
    type: a.fk('Interaction type id'),
    administrative_unit: a.fk('Administrative unit id'),
    event: a.fk('Event id', { nullable: true }),
    subject: a.text('Subject', { max: 130 }),
    date_from: a.datetime('Date of the interaction'),
    date_to: a.datetime('End of the period', { nullable: true }),
    summary: a.text('Text / body', { blank: true }),
    note: a.text('Internal note', { max: 3000, blank: true, nullable: true }),
    status: a.fk('Interaction status id (default: the "Unknown" status)', { nullable: true }),
    result: a.fk('Result id', { nullable: true }),
    settlement: a.choice(INTERACTION_SETTLEMENT, 'Settlement: a (automatic), m (manual)', { nullable: true }),
    rating: a.choice(INTERACTION_RATING, 'Rating', { nullable: true }),
    next_step: a.text('Next step', { max: 3000, blank: true }),
    next_communication_date: a.datetime('Next communication', { nullable: true }),
    created_by: a.fk('Profile id of the author (default: the admin who creates it)', { nullable: true }),
    handled_by: a.fk('Profile id of the handler', { nullable: true }),
    communication_type: a.choice(COMMUNICATION_TYPE, 'Communication type (default individual)', { optional: true }),
    dispatched: a.boolean('Dispatched / done', { nullable: true }),
    skills: a.text('Skills, as hashtags', { blank: true }),
    program_of_interest: a.textList("Programs of interest (the deployment's PROGRAM_TYPES)", { max: 128 }),
    attachment: a.readOnly(z.string().nullable().describe('Attachment: stored path (read-only)')),
    created: a.readOnly(z.string().nullable().describe('Created (read-only)'), 'datetime'),
    updated: a.readOnly(z.string().nullable().describe('Last change (read-only)'), 'datetime'),
  },
  {
    filters: { user: 'pk', event: 'pk', administrative_unit: 'pk', type: 'pk', status: 'pk', result: 'pk' },
    ordering: ['id', 'date_from', 'created'],
    search: 'subject, summary, note',
  },
);
