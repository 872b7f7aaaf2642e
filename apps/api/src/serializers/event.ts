import { formatDateTimeOrNull, type TEvent } from '@klub/contracts';
import type { EventRecord } from '@klub/domain';

/** Turns a stored file path into the URL clients get (absolute for event photos, api.md §1.3). */
export type FileUrl = (path: string | null) => string | null;

const instant = (iso: string | null) => formatDateTimeOrNull(iso ? new Date(iso) : null);

/** An event record → the 48 keys of api.md §4.2. */
export function toEvent(r: EventRecord, fileUrl: FileUrl): TEvent {
  return {
    id: r.id,
    name: r.name,
    datetime_from: instant(r.datetime_from),
    datetime_to: instant(r.datetime_to),
    program: r.program,
    intended_for: r.intended_for,
    basic_purpose: r.basic_purpose,
    opportunity: r.opportunity,
    location: r.location,
    age_from: r.age_from,
    age_to: r.age_to,
    start_date: instant(r.start_date),
    event_type: r.event_type,
    event_type_id: r.event_type_id,
    responsible_person: r.responsible_person,
    participation_fee: r.participation_fee,
    entry_form_url: r.entry_form_url,
    web_url: r.web_url,
    invitation_text_short: r.invitation_text_short,
    working_hours: r.working_hours,
    accommodation: r.accommodation,
    diet: r.diet,
    looking_forward_to_you: r.looking_forward_to_you,
    registration_method: r.registration_method,
    administrative_units: r.administrative_units,
    administrative_unit_name: r.first_unit?.name ?? '',
    administrative_unit_web_url: r.first_unit ? r.first_unit.web_url : '',
    invitation_text_1: r.invitation_text_1,
    invitation_text_2: r.invitation_text_2,
    invitation_text_3: r.invitation_text_3,
    invitation_text_4: r.invitation_text_4,
    main_photo: fileUrl(r.main_photo),
    additional_photo_1: fileUrl(r.additional_photo_1),
    additional_photo_2: fileUrl(r.additional_photo_2),
    additional_photo_3: fileUrl(r.additional_photo_3),
    additional_photo_4: fileUrl(r.additional_photo_4),
    additional_photo_5: fileUrl(r.additional_photo_5),
    additional_photo_6: fileUrl(r.additional_photo_6),
    additional_question_1: r.additional_question_1,
    additional_question_2: r.additional_question_2,
    additional_question_3: r.additional_question_3,
    additional_question_4: r.additional_question_4,
    contact_person_name: r.contact_person_name,
    contact_person_email: r.contact_person_email,
    contact_person_telephone: r.contact_person_telephone,
    public_on_web_date_from: r.public_on_web_date_from,
    public_on_web_date_to: r.public_on_web_date_to,
    public_on_web: r.public_on_web,
  };
}
