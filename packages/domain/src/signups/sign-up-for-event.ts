import type { EntityManager } from '@mikro-orm/postgresql';
import { PEOPLE_MSG, type Lang, type TSignUpForEventInput, type TUserIdOutput } from '@klub/contracts';
import { ValidationError } from '../errors.js';
import { checkById, eventRefById, FieldErrorBag, firstUnitOf, refId, type EventRef } from '../integration/references.js';
import { sql } from '../sql-fragment.js';
import { idParam, lockSignup, recordSignup } from './record-signup.js';
import { inTransaction } from '../sql.js';

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
 * queue their confirmation, all in one transaction (five statements with BEGIN and COMMIT).
 */
export async function signUpForEvent(em: EntityManager, input: TSignUpForEventInput, opts: { lang: Lang }): Promise<TUserIdOutput> {
  return inTransaction(em, async (tx) => {
    const eventId = idParam(refId(input.event));
    const lock = await lockSignup<{ event: EventRef; questions: Questions }>(
      tx,
      input,
      {
        event: eventRefById(refId(input.event), { withSlug: true }),
        questions: sql`select additional_question_1 as q1, additional_question_2 as q2, additional_question_3 as q3, additional_question_4 as q4
                         from event where id = ${eventId}`,
      },
      { typeSlug: 'event_registration', unit: firstUnitOf(eventId), eventId },
    );
    const bag = new FieldErrorBag();
    const event = await checkById(bag, 'event', input.event, async () => lock.event);
    bag.throwIfAny();
    const unitId = event!.firstUnitId;
    if (unitId === null) throw ValidationError.field('event', PEOPLE_MSG.eventWithoutUnit);
    const q = lock.questions!;

    return recordSignup(tx, lock, input, {
      kind: 'event-signup',
      typeSlug: 'event_registration',
      eventId: event!.id,
      unitId,
      dateFrom: new Date(),
      summary: eventSignupSummary(input.note, [q.q1, q.q2, q.q3, q.q4], input),
      skills: input.skills,
      lang: opts.lang,
    });
  });
}

interface Questions {
  q1: string;
  q2: string;
  q3: string;
  q4: string;
}
