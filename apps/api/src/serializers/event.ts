import { EVENT_FIELDS, formatDateTimeOrNull, type EventFieldStore, type EventKeysStored, type TEvent } from '@klub/contracts';
import type { EventRecord } from '@klub/domain';

/** Turns a stored file path into the URL clients get (absolute for event photos, api.md §1.3). */
export type FileUrl = (path: string | null) => string | null;

const instant = (iso: string | null) => formatDateTimeOrNull(iso ? new Date(iso) : null);

type Wire = (r: EventRecord, key: string, fileUrl: FileUrl) => unknown;
const stored = (r: EventRecord, key: string) => (r as unknown as Record<string, unknown>)[key];

/** The two fields of the event's first unit: empty strings when the event has none. */
const FIRST_UNIT: Record<EventKeysStored<'firstUnit'>, (unit: EventRecord['first_unit']) => string | null> = {
  administrative_unit_name: (unit) => unit?.name ?? '',
  administrative_unit_web_url: (unit) => (unit ? unit.web_url : ''),
};

/** How each kind of stored field (EVENT_FIELDS in @klub/contracts) becomes its wire value. */
const WIRE: Record<EventFieldStore, Wire> = {
  column: stored,
  array: stored,
  date: stored,
  related: stored,
  instant: (r, key) => instant(stored(r, key) as string | null),
  photo: (r, key, fileUrl) => fileUrl(stored(r, key) as string | null),
  firstUnit: (r, key) => FIRST_UNIT[key as EventKeysStored<'firstUnit'>](r.first_unit),
};

/** An event record → the 48 keys of api.md §4.2, in their order. */
export function toEvent(r: EventRecord, fileUrl: FileUrl): TEvent {
  const out: Record<string, unknown> = {};
  for (const [key, f] of Object.entries(EVENT_FIELDS)) out[key] = WIRE[f.store](r, key, fileUrl);
  return out as TEvent;
}
