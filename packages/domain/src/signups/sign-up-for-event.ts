import { PEOPLE_MSG, type TSignUpForEventInput } from '@klub/contracts';
import { ValidationError } from '../errors.js';
import { checkById, FieldErrorBag, refId } from '../integration/references.js';
import type { SignupKind } from './signup-kind.js';

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
 * `POST /api/sign_up_for_event/` (api.md §8.3): the person joins the event's first unit and gets
 * an `event_registration` interaction with the answers. An event without a slug cannot be signed
 * up for; one without a unit is D27's error.
 */
export const eventSignup: SignupKind<TSignUpForEventInput> = {
  typeSlug: 'event_registration',
  refs: (input) => ({ eventId: refId(input.event), unitId: null, locationId: null }),
  async check(input, found, opts) {
    const bag = new FieldErrorBag();
    const event = await checkById(bag, 'event', input.event, async () => (found.event?.slug == null ? null : found.event));
    bag.throwIfAny();
    const unitId = event!.firstUnitId;
    if (unitId === null) throw ValidationError.field('event', PEOPLE_MSG.eventWithoutUnit);
    const q = found.questions!;
    return {
      kind: 'event-signup',
      eventId: event!.id,
      unitId,
      dateFrom: new Date(),
      summary: eventSignupSummary(input.note, [q.q1, q.q2, q.q3, q.q4], input),
      skills: input.skills,
      lang: opts.lang,
    };
  },
};
