import type { TPersonFields } from '@klub/contracts';
import { BUILTIN_INTERACTION_CATEGORIES, BUILTIN_INTERACTION_TYPES } from '@klub/db';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { PersonFields } from '../people/get-or-create-profile.js';
import { ensureInteractionType, type InteractionTypeRef } from './interactions.js';

/** The wire fields of api.md §8.1 as `getOrCreateProfile` takes them. */
export function personFieldsOf(input: TPersonFields): PersonFields {
  return {
    email: input.email,
    firstName: input.first_name,
    lastName: input.last_name,
    street: input.street,
    city: input.city,
    zipCode: input.zip_code,
    ageGroup: input.age_group,
    birthMonth: input.birth_month,
    birthDay: input.birth_day,
    telephone: input.telephone,
    note: input.note,
  };
}

export type BuiltinSlug = (typeof BUILTIN_INTERACTION_TYPES)[number]['slug'];

/** A built-in interaction type of api.md §12.1 (re-created with its defaults if it was deleted). */
export function builtinInteractionType(em: EntityManager, slug: BuiltinSlug): Promise<InteractionTypeRef> {
  const type = BUILTIN_INTERACTION_TYPES.find((t) => t.slug === slug)!;
  const category = BUILTIN_INTERACTION_CATEGORIES.find((c) => c.slug === type.category)!;
  return ensureInteractionType(em, slug, { name: type.name, categorySlug: category.slug, categoryName: category.category });
}
