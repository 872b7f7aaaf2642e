import { a, defineAdminResource } from './define.js';
import { AU_LEVEL } from '../choices.js';

/** `/api/admin/administrative-units/` (domain.md §1.1). */
export const adminAdministrativeUnits = defineAdminResource(
  'administrative-units',
  'AdministrativeUnit',
  {
    id: a.id(),
    name: a.text('Name', { max: 255 }),
    street: a.text('Street and number', { max: 128, blank: true }),
    city: a.text('City', { max: 40, blank: true }),
    zip_code: a.text('ZIP code', { max: 30, blank: true }),
    gps_latitude: a.float('GPS latitude', { nullable: true }),
    gps_longitude: a.float('GPS longitude', { nullable: true }),
    web_url: a.url('Web page', { nullable: true }),
    ico: a.text('Czech company id (IČO)', { max: 254, nullable: true }),
    level: a.choice(AU_LEVEL, 'Level (default club)', { optional: true }),
    from_email_address: a.email('Sender address of e-mails sent for this unit', { optional: true }),
    from_email_str: a.text('Full "Name <address>" From: header of e-mails sent for this unit', { max: 255, optional: true }),
    telephone: a.text('Telephone', { max: 100, blank: true }),
    color: a.text('UI colour, e.g. #000000', { max: 18, optional: true }),
    slug: a.text('Unique slug; generated from the name when blank', { max: 100, blank: true, nullable: true }),
    president: a.fk('Profile id of the president', { nullable: true }),
    president_since: a.date('President since', { nullable: true }),
    vice_president: a.fk('Profile id of the vice-president', { nullable: true }),
    vice_president_since: a.date('Vice-president since', { nullable: true }),
    manager: a.fk('Profile id of the manager', { nullable: true }),
    manager_since: a.date('Manager since', { nullable: true }),
  },
  {
    filters: { president: 'pk', vice_president: 'pk', manager: 'pk', level: 'text' },
    ordering: ['id', 'name', 'city', 'level', 'slug'],
    search: 'name, city, slug, ico',
  },
);
