import type { EntityManager } from '@mikro-orm/postgresql';
import { MSG, PEOPLE_MSG, type TVizusInteractionInput } from '@klub/contracts';
import { ValidationError } from '../errors.js';
import { createInteraction, ensureInteractionType } from '../signups/interactions.js';
import { execute } from '../sql.js';
import { FieldErrorBag, requireEventBySlug } from './references.js';

/**
 * `POST /api/interaction/` (api.md §9.6): a `certificate` or `confirmation` interaction of the
 * "emails" category (both made on first use), dated as given, with subject
 * `vizus-<type>` and the text as its summary, in the event's first unit.
 */
export async function recordVizusInteraction(em: EntityManager, input: TVizusInteractionInput): Promise<Record<string, never>> {
  return em.transactional(async (tx) => {
    const bag = new FieldErrorBag();
    const event = await requireEventBySlug(tx, bag, 'event', input.event);
    const inRange = input.profile_id > 0 && input.profile_id <= 2_147_483_647;
    const [profile] = inRange ? await execute(tx, 'select 1 from profile where id = ?', [input.profile_id]) : [];
    if (!profile) bag.add('profile_id', MSG.invalidPk(String(input.profile_id)));
    bag.throwIfAny();
    if (event!.firstUnitId === null) throw ValidationError.field('event', PEOPLE_MSG.eventWithoutUnit);

    const type = await ensureInteractionType(tx, input.interaction_type, {
      name: input.interaction_type,
      categorySlug: 'emails',
      categoryName: 'emails',
      visibleFields: ['summary'],
    });
    await createInteraction(tx, {
      userId: input.profile_id,
      type,
      subject: `vizus-${input.interaction_type}`,
      eventId: event!.id,
      unitId: event!.firstUnitId,
      dateFrom: input.date,
      summary: input.text,
    });
    return {};
  });
}
