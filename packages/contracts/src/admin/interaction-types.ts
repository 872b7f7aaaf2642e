import { a, defineAdminResource } from './define.js';

/** `/api/admin/interaction-types/` (domain.md §5.2). */
export const adminInteractionTypes = defineAdminResource(
  'interaction-types',
  'InteractionType',
  {
    id: a.id(),
    name: a.text('Name; also the subject of interactions created automatically', { max: 130 }),
    category: a.fk('Interaction category id'),
    slug: a.text('Unique slug (the API addresses types by it); generated from the name when blank', {
      max: 100,
      blank: true,
      nullable: true,
    }),
    send_email: a.boolean('Saving an undispatched interaction of this type e-mails it to the profile', { nullable: true }),
    send_sms: a.boolean('SMS sending (not implemented; such interactions are only marked dispatched)', { nullable: true }),
    visible_fields: a.textList('Interaction fields an admin UI shows for this type', { max: 100 }),
  },
  { filters: { category: 'pk' }, ordering: ['id', 'name', 'slug'], search: 'name, slug' },
);
