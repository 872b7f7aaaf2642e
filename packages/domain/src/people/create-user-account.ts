import type { EntityManager } from '@mikro-orm/postgresql';
import { MSG, type ProfileRoleName } from '@klub/contracts';
import { Profile, ProfileEmail, ProfileRole } from '@klub/db';
import { ValidationError } from '../errors.js';
import { hashPassword } from '../auth/passwords.js';

export interface NewUserAccount {
  username: string;
  email: string;
  password: string | null;
  isStaff?: boolean;
  isSuperuser?: boolean;
  roles?: ProfileRoleName[];
  firstName?: string;
  lastName?: string;
}

/**
 * Create a login-capable user profile with its primary e-mail. Username and e-mail (case-
 * insensitive) must be free; otherwise a field error names which one is taken.
 */
export async function createUserAccount(em: EntityManager, input: NewUserAccount): Promise<Profile> {
  const email = input.email.trim().toLowerCase();
  const errors: Record<string, string[]> = {};
  if (await em.count(Profile, { username: input.username })) errors.username = [MSG.unique];
  if (await em.count(ProfileEmail, { email })) errors.email = [MSG.unique];
  if (Object.keys(errors).length) throw new ValidationError(errors);

  const profile = em.create(Profile, {
    kind: 'user',
    username: input.username,
    email,
    password: input.password === null ? null : await hashPassword(input.password),
    isStaff: input.isStaff ?? false,
    isSuperuser: input.isSuperuser ?? false,
    isActive: true,
    firstName: input.firstName ?? '',
    lastName: input.lastName ?? '',
  });
  em.create(ProfileEmail, { email, isPrimary: true, user: profile });
  for (const role of input.roles ?? []) em.create(ProfileRole, { profile, role });
  await em.flush();
  return profile;
}
