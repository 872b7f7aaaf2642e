import { adminInteractions } from '@klub/contracts';
import { Interaction, UNKNOWN_INTERACTION_STATUS } from '@klub/db';
import { execute } from '../../sql.js';
import { defineAdminEntity } from '../resource.js';
import { PERSON_REACH, reach } from '../unit-scope.js';
import { checkPrograms } from './programs.js';

/** Interactions: status "Unknown" and the acting admin as author unless given (domain.md §5.5). */
export const interactionsAdmin = defineAdminEntity({
  schemas: adminInteractions,
  entity: Interaction,
  label: 'interaction',
  units: reach.anyOf(reach.column('administrative_unit_id'), reach.through('user_id', 'profile', PERSON_REACH)),
  search: ['subject', 'summary', 'note'],
  auditIgnore: ['updated'],
  defaults: (ctx) => ({ created_by: ctx.actor.id }),
  validate: ({ input, ctx }) => {
    if (Array.isArray(input.program_of_interest)) {
      checkPrograms('program_of_interest', input.program_of_interest as string[], ctx.programTypes, false);
    }
  },
  afterWrite: async ({ em, entity, input, isCreate }) => {
    if (!isCreate || input.status !== undefined) return;
    await execute(
      em,
      `update interaction set status_id = (select id from interaction_status where status = ? order by id limit 1) where id = ?`,
      [UNKNOWN_INTERACTION_STATUS, entity.id],
    );
  },
});
