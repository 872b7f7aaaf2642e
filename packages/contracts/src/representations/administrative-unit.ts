import { z } from 'zod';

export const ZAdministrativeUnit = z
  .object({
    id: z.number().int().describe('Unit id'),
    name: z.string().describe('Name'),
    street: z.string().describe('Street and number; may be empty'),
    city: z.string().describe('City; may be empty'),
    zip_code: z.string().describe('ZIP code; may be empty'),
    telephone: z.string().describe('Telephone; may be empty'),
    from_email_address: z.string().describe('Sender address of the unit’s e-mails'),
    web_url: z.string().nullable().describe('Web page'),
    president_name: z.string().nullable().describe('"<first_name> <last_name>" of the president, null if none'),
    manager_name: z.string().nullable().describe('"<first_name> <last_name>" of the manager, null if none'),
    gps_latitude: z.number().nullable().describe('GPS latitude'),
    gps_longitude: z.number().nullable().describe('GPS longitude'),
    level: z.string().describe('regional_center, basic_section, headquarter or club'),
  })
  .meta({ id: 'AdministrativeUnit', description: 'An organisational unit (api.md §4.5)' });
export type TAdministrativeUnit = z.infer<typeof ZAdministrativeUnit>;
