import { a, defineAdminResource } from './define.js';
import { MONEY_ACCOUNT_KIND } from '../choices.js';

/** `/api/admin/money-accounts/`: bank accounts and Darujme.cz projects (domain.md §3.1). */
export const adminMoneyAccounts = defineAdminResource(
  'money-accounts',
  'MoneyAccount',
  {
    id: a.id(),
    kind: a.choice(MONEY_ACCOUNT_KIND, 'bank (a bank account) or api (a Darujme.cz project)'),
    administrative_unit: a.fk('Id of the owning administrative unit'),
    slug: a.text('Unique slug the public API addresses the account by; never generated', { max: 100, nullable: true }),
    note: a.text('Note', { blank: true, nullable: true }),
    bank_account: a.text('Bank account label (bank)', { max: 50, blank: true, nullable: true }),
    bank_account_number: a.text('Account number, e.g. 2400063333/2010 (bank; required there)', { max: 50, nullable: true }),
    project_name: a.text('Unique Darujme project name (api; required there)', { max: 100, nullable: true }),
    project_id: a.integer('Darujme project id (api)', { nullable: true }),
    api_id: a.integer('Darujme API id (api)', { nullable: true }),
    api_secret: a.secret('Darujme API secret (api)', { nullable: true, max: 100 }),
    api_organization_id: a.integer('Darujme organisation id (api)', { nullable: true }),
    event: a.fk('Event the imported donor channels are attached to (api; required there)', { nullable: true }),
    is_active: a.boolean('Synchronised with Darujme (api; default true)'),
  },
  {
    filters: { administrative_unit: 'pk', event: 'pk', kind: 'text' },
    ordering: ['id', 'slug', 'kind'],
    search: 'slug, bank account, project name, note',
  },
);
