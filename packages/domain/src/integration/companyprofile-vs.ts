import type { EntityManager } from '@mikro-orm/postgresql';
import { PEOPLE_MSG, type TCompanyProfileVsInput, type TVsOutput } from '@klub/contracts';
import { ValidationError } from '../errors.js';
import { insertUserProfile } from '../people/get-or-create-profile.js';
import { addUnitsToProfile } from '../people/unit-membership.js';
import { execute } from '../sql.js';
import { donationChannelVs, donationTargets } from './userprofile-vs.js';

/** The compact form of a Czech company id: spaces and a `CZ` prefix removed (python-stdnum). */
export function compactCrn(value: string): string {
  return value.replace(/\s+/g, '').replace(/^CZ/i, '');
}

/**
 * python-stdnum's `cz.dic` check for the 8-digit IČO of a legal entity (api.md §9.4): digits
 * only, not starting with 9, and a mod-11 check digit with weights 8…2.
 */
export function crnProblems(value: string): string[] {
  const crn = compactCrn(value);
  if (!/^\d+$/.test(crn)) return [PEOPLE_MSG.crnFormat, PEOPLE_MSG.crnNotNumber];
  if (crn.length !== 8 || crn.startsWith('9')) return [PEOPLE_MSG.crnFormat];
  const digits = [...crn].map(Number);
  const sum = digits.slice(0, 7).reduce((acc, d, i) => acc + (8 - i) * d, 0);
  const check = (((11 - sum) % 11) + 11) % 11;
  return (check === 0 ? 1 : check) % 10 === digits[7] ? [] : [PEOPLE_MSG.crnFormat];
}

/**
 * `POST /api/companyprofile/vs/` (api.md §9.4): find the company by IČO (or always create one
 * without it), add the money account's unit, fill a missing name and an empty address, get or
 * create the contact that matches every given detail, and get or create the channel.
 */
export async function companyProfileVs(
  em: EntityManager,
  input: TCompanyProfileVsInput,
  opts: { onInvalidCrn?: (crn: string, unitId: number | undefined) => void } = {},
): Promise<TVsOutput> {
  return em.transactional(async (tx) => {
    const crn = input.crn ? compactCrn(input.crn) : '';
    if (input.crn) {
      const problems = crnProblems(input.crn);
      if (problems.length) {
        const [account] = await execute<Array<{ unitId: number }>>(
          tx,
          'select administrative_unit_id as "unitId" from money_account where slug = ?',
          [input.money_account],
        );
        opts.onInvalidCrn?.(input.crn, account?.unitId);
        throw ValidationError.field('crn', ...problems);
      }
    }
    const targets = await donationTargets(tx, input);
    const unitId = targets.account.unitId;

    let companyId: number | undefined;
    if (crn) {
      await execute(tx, `select pg_advisory_xact_lock(hashtext('klub.crn'), hashtext(?))`, [crn]);
      const [found] = await execute<Array<{ id: number }>>(tx, `select id from profile where kind = 'company' and crn = ? order by id limit 1`, [crn]);
      companyId = found?.id;
    }
    companyId ??= await insertUserProfile(tx, input.email, { name: input.name, crn: crn || null }, 'numbered', 'company');

    await addUnitsToProfile(tx, companyId, [unitId], { source: 'signup', actorId: null });
    await execute(
      tx,
      `update profile set
         name = case when coalesce(name, '') = '' then ?::text else name end,
         street = case when street = '' and city = '' and zip_code = '' then ?::text else street end,
         city = case when street = '' and city = '' and zip_code = '' then ?::text else city end,
         zip_code = case when street = '' and city = '' and zip_code = '' then ?::text else zip_code end,
         updated = now()
       where id = ?`,
      [input.name, input.street ?? '', input.city ?? '', input.zip_code ?? '', companyId],
    );
    const contact = [companyId, input.email, input.telephone ?? '', unitId, input.contact_first_name ?? '', input.contact_last_name ?? ''];
    const [existing] = await execute(
      tx,
      `select 1 from company_contact where company_id = ? and email = ? and telephone = ? and administrative_unit_id = ?
          and contact_first_name = ? and contact_last_name = ? limit 1`,
      contact,
    );
    if (!existing) {
      await execute(
        tx,
        `insert into company_contact (company_id, email, telephone, administrative_unit_id, contact_first_name, contact_last_name)
         values (?, ?, ?, ?, ?, ?)`,
        contact,
      );
    }
    return donationChannelVs(tx, companyId, targets, input);
  });
}
