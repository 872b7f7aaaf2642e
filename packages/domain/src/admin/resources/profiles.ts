import type { Collection } from '@mikro-orm/core';
import { adminProfiles } from '@klub/contracts';
import { Profile } from '@klub/db';
import { ValidationError } from '../../errors.js';
import { hashPassword } from '../../auth/passwords.js';
import { setPrimaryEmail, setPrimaryTelephone } from '../../people/contact-details.js';
import { insertUserProfile } from '../../people/get-or-create-profile.js';
import { addUnitsToProfile, removeUnitsFromProfile } from '../../people/unit-membership.js';
import { execute } from '../../sql.js';
import { defineAdminEntity, type AdminEntity } from '../resource.js';
import { PERSON_REACH } from '../unit-scope.js';

interface EmailRow {
  id: number;
  email: string;
  isPrimary: boolean | null;
  note: string | null;
}
interface TelephoneRow {
  id: number;
  telephone: string;
  isPrimary: boolean | null;
  note: string;
}

const items = <T>(entity: AdminEntity, prop: string): T[] =>
  [...(entity[prop] as Collection<T & object>).getItems()].sort((x, y) => (x as unknown as { id: number }).id - (y as unknown as { id: number }).id);

const COMPANY_ONLY = ['name', 'type', 'crn', 'tin'] as const;

/**
 * Profiles (operations.md §3): `email` / `telephone` become the primary address / number
 * through the shared contact functions, `password` is hashed, `roles` are the role rows, and
 * unit membership goes through addUnitsToProfile / removeUnitsFromProfile, so preferences and
 * the is_active toggle follow api.md §12.5. An explicit `is_active` in the same request wins.
 */
export const profilesAdmin = defineAdminEntity({
  schemas: adminProfiles,
  entity: Profile,
  label: 'profile',
  // can_administer_profile (domain.md §2.1): a person is administered through the units they belong to.
  units: PERSON_REACH,
  // Staff accounts are configuration: who is staff, of which units, is a superuser's decision.
  superuserFields: ['is_superuser', 'is_staff', 'roles', 'administrated_units'],
  superuserRow: (entity) => entity.isStaff === true || entity.isSuperuser === true,
  search: ['username', 'email', 'firstName', 'lastName', 'nickname', 'name', 'crn'],
  populate: ['emails', 'telephones', 'roles'],
  // The person's own details go with them; payments, interactions and applications do not.
  owns: [
    'profile_email',
    'telephone',
    'profile_role',
    'preference',
    'mailing_consent_change',
    'session',
    'profile_administrative_units',
    'profile_administrated_units',
    'organization_team',
    'company_contact',
    'oauth_access_token',
    'oauth_refresh_token',
  ],
  defaults: () => ({ kind: 'user' }),
  auditIgnore: ['updated', 'last_login'],
  validate: ({ input, entity }) => {
    const kind = (input.kind ?? entity?.kind) as string;
    if (kind !== 'user') return;
    const errors: Record<string, string[]> = {};
    for (const wire of COMPANY_ONLY) {
      const value = wire in input ? input[wire] : entity?.[wire];
      if (value !== null && value !== undefined) errors[wire] = ['Only company profiles have this field.'];
    }
    if (Object.keys(errors).length) throw new ValidationError(errors);
  },
  custom: {
    username: {
      // null on create means "generate one" (see insert).
      write: (value, { entity, isCreate }) => {
        if (value !== null || !isCreate) entity.username = value;
      },
    },
    password: {
      write: async (value, { entity }) => {
        entity.password = value === null ? null : await hashPassword(value as string);
      },
    },
    email: {
      phase: 'after',
      write: (value, { em, entity }) => setPrimaryEmail(em, entity.id, value as string | null),
    },
    telephone: {
      phase: 'after',
      read: (entity) => items<TelephoneRow>(entity, 'telephones').find((t) => t.isPrimary)?.telephone ?? null,
      write: async (value, { em, entity }) => {
        const number = typeof value === 'string' ? value.trim() : '';
        if (number) await setPrimaryTelephone(em, entity.id, number);
        else await execute(em, 'update telephone set is_primary = null where user_id = ? and is_primary', [entity.id]);
      },
    },
    roles: {
      phase: 'after',
      read: (entity) => items<{ role: string }>(entity, 'roles').map((r) => r.role).sort(),
      write: async (value, { em, entity }) => {
        const roles = value as string[];
        await execute(em, 'delete from profile_role where profile_id = ? and role not in (?)', [entity.id, roles.length ? roles : ['']]);
        if (roles.length) {
          await execute(
            em,
            `insert into profile_role (profile_id, role) select ?, r from unnest(?::text[]) as r on conflict do nothing`,
            [entity.id, `{${roles.join(',')}}`],
          );
        }
      },
    },
    administrative_units: {
      phase: 'after',
      write: async (value, { em, entity, ctx }) => {
        const wanted = new Set(value as number[]);
        const current = new Set(items<{ id: number }>(entity, 'administrativeUnits').map((u) => u.id));
        await removeUnitsFromProfile(em, entity.id, [...current].filter((id) => !wanted.has(id)));
        await addUnitsToProfile(em, entity.id, [...wanted].filter((id) => !current.has(id)), { source: 'staff', actorId: ctx.actor.id });
      },
    },
    emails: {
      read: (entity) =>
        items<EmailRow>(entity, 'emails').map((e) => ({ id: e.id, email: e.email, is_primary: e.isPrimary === true, note: e.note })),
    },
    telephones: {
      read: (entity) =>
        items<TelephoneRow>(entity, 'telephones').map((t) => ({
          id: t.id,
          telephone: t.telephone,
          is_primary: t.isPrimary === true,
          note: t.note,
        })),
    },
  },
  // Without a username the row is inserted by the shared get-or-create insert, which generates one (api.md §12.3).
  insert: async ({ em, input }) =>
    typeof input.username === 'string'
      ? null
      : insertUserProfile(em, typeof input.email === 'string' ? input.email : null, {}, 'numbered', input.kind === 'company' ? 'company' : 'user'),
  afterWrite: async ({ em, entity, input }) => {
    // Unit membership toggles is_active; an administrator who sets it explicitly means it.
    if (typeof input.is_active === 'boolean') {
      await execute(em, 'update profile set is_active = ? where id = ?', [input.is_active, entity.id]);
    }
  },
});
