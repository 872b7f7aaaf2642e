import type { EntityManager } from '@mikro-orm/postgresql';
import { Profile } from '@klub/db';
import { grantStaff, listStaff, revokeStaff, staffAccessOf, type StaffAccount, type StaffAccess, type StaffGrant } from '@klub/domain';

/** `pnpm klub staff grant|revoke|list` (issue 17 §1): staff accounts from the operator's shell. */

const CLI_ACTOR = { id: null, kind: 'cli' };

const line = (a: StaffAccount): string =>
  `${a.username ?? `#${a.id}`}\t${a.role}\t${a.role === 'unit' ? a.unitIds.join(',') || '-' : 'all units'}`;

export async function staffCommand(em: EntityManager, action: string | undefined, username: string | undefined, grant: StaffGrant | null): Promise<string> {
  if (action === 'list') return (await listStaff(em)).map(line).join('\n');
  if (!username) throw new Error('USERNAME is required: staff grant|revoke USERNAME');
  if (action === 'grant') {
    if (!grant) throw new Error('staff grant needs --unit ID or --all-units');
    return line(await grantStaff(em, username, grant, CLI_ACTOR));
  }
  if (action === 'revoke') {
    const after = await revokeStaff(em, username, grant, CLI_ACTOR);
    return after ? line(after) : `${username}\tno staff account`;
  }
  throw new Error(`unknown staff action "${action ?? ''}"; one of grant, revoke, list`);
}

/** `export --as USERNAME`: that staff member's view. */
export async function staffAccessOfUsername(em: EntityManager, username: string): Promise<StaffAccess> {
  const row = await em.findOne(Profile, { username }, { fields: ['id'] });
  const access = row ? await staffAccessOf(em, row.id) : null;
  if (!access) throw new Error(`"${username}" is no active staff member`);
  return access;
}
