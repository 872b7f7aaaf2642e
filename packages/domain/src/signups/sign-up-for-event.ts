import type { EntityManager } from '@mikro-orm/postgresql';
import { PEOPLE_MSG, type Lang, type TSignUpForEventInput, type TUserIdOutput } from '@klub/contracts';
import { ValidationError } from '../errors.js';
import { eventById, FieldErrorBag } from '../integration/references.js';
import { getOrCreateProfile } from '../people/get-or-create-profile.js';
import { addUnitsToProfile } from '../people/unit-membership.js';
import { execute } from '../sql.js';
import { createInteraction, enqueueSignupNotification } from './interactions.js';
import { builtinInteractionType, personFieldsOf } from './person-fields.js';

type Answers = Pick<TSignUpForEventInput, 'additional_question_1' | 'additional_question_2' | 'additional_question_3' | 'additional_question_4'>;

/**
 * The summary of an event registration (api.md §8.3 step 3): the note, then each of the event's
 * questions with its answer (`-` when the answer's key was not sent at all), after the literal
 * label `note:`.
 */
export function eventSignupSummary(note: string | undefined, questions: string[], answers: Answers): string {
  let s = note ?? '';
  if (s !== '') s += '\n';
  questions.forEach((question, i) => {
    if (question === '') return;
    const answer = answers[`additional_question_${i + 1}` as keyof Answers];
    s += `${question}:\n    ${answer ?? '-'}\n`;
  });
  return `note:\n    ${s}`;
}

/**
 * `POST /api/sign_up_for_event/` (api.md §8.3): get or create the person, add the event's
 * first unit to their units, record an `event_registration` interaction with the answers, and
 * queue their confirmation, all in one transaction.
 */
export async function signUpForEvent(em: EntityManager, input: TSignUpForEventInput, opts: { lang: Lang }): Promise<TUserIdOutput> {
  return em.transactional(async (tx) => {
    const bag = new FieldErrorBag();
    const event = await eventById(tx, bag, 'event', input.event, { withSlug: true });
    bag.throwIfAny();
    const unitId = event!.firstUnitId;
    if (unitId === null) throw ValidationError.field('event', PEOPLE_MSG.eventWithoutUnit);

    const profile = await getOrCreateProfile(tx, personFieldsOf(input));
    await addUnitsToProfile(tx, profile.id, [unitId]);
    const [questions] = await execute<Array<{ q1: string; q2: string; q3: string; q4: string }>>(
      tx,
      'select additional_question_1 as q1, additional_question_2 as q2, additional_question_3 as q3, additional_question_4 as q4 from event where id = ?',
      [event!.id],
    );
    const type = await builtinInteractionType(tx, 'event_registration');
    const interactionId = await createInteraction(tx, {
      userId: profile.id,
      type,
      eventId: event!.id,
      unitId,
      dateFrom: new Date(),
      summary: eventSignupSummary(input.note, [questions!.q1, questions!.q2, questions!.q3, questions!.q4], input),
      skills: input.skills,
      lang: opts.lang,
    });
    await enqueueSignupNotification(tx, {
      kind: 'event-signup',
      profileId: profile.id,
      unitId,
      eventId: event!.id,
      interactionId,
      lang: opts.lang,
    });
    return { user_id: profile.id };
  });
}
