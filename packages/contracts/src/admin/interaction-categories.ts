import { a, defineAdminResource } from './define.js';

/** `/api/admin/interaction-categories/` (domain.md §5.1). */
export const adminInteractionCategories = defineAdminResource(
  'interaction-categories',
  'InteractionCategory',
  {
    id: a.id(),
    category: a.text('Display name', { max: 130 }),
    display: a.boolean('Shown on the timeline (default true)'),
    slug: a.text('Unique slug; generated from `category` when blank', { max: 130, blank: true, nullable: true }),
  },
  { ordering: ['id', 'category', 'slug'], search: 'category, slug' },
);
