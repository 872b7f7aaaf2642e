import { z } from 'zod';
import { field } from '../fields.js';

const text = (description: string) => field.string({ maxLength: 100, allowBlank: true, description }).optional();

const fields = {
  name: field.string({ maxLength: 100, description: 'Name of the place' }),
  place: text('Address or description of the place'),
  region: text('Region'),
  gps_latitude: field.float({ description: 'GPS latitude' }).nullable().optional(),
  gps_longitude: field.float({ description: 'GPS longitude' }).nullable().optional(),
};

/** `POST /api/frontend/locations/` (api.md §4.3, §7.10). */
export const ZLocationCreateInput = z.object(fields);
export type TLocationCreateInput = z.output<typeof ZLocationCreateInput>;

const id = field.integer({ description: 'Location id' });

/** `PUT /api/frontend/locations/{id}/`: `name` required. */
export const ZLocationUpdateInput = z.object({ id, ...fields });
/** `PATCH /api/frontend/locations/{id}/`. */
export const ZLocationPatchInput = z.object({ id, ...z.object(fields).partial().shape });
export type TLocationPatchInput = z.output<typeof ZLocationPatchInput>;
