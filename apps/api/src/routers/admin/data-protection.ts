import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { ZIdInput, ZMailingConsentChange, ZMailingConsentInput } from '@klub/contracts';
import { inTransaction, mailingConsentHistory, setMailingConsent } from '@klub/domain';
import { rest, superuserProcedure } from '../../trpc/procedures.js';
import { tags } from './crud.js';
import { assertMayActOnPerson } from './person-access.js';

/**
 * Data protection of one person (issue 22, docs/data-protection.md), under
 * `/admin/profiles/{id}/…`. Each procedure first asks `assertMayActOnPerson`, then calls the domain.
 */
export const dataProtectionRouter = {
  consentHistory: superuserProcedure
    .meta(
      rest('GET', '/admin/profiles/{id}/consent-history/', {
        tags,
        summary: 'History of a person’s mailing consents',
        description: 'Every change of the consent to each unit’s mailings (preference.send_mailing_lists), oldest first.',
        errorResponses: { 404: 'No profile with this id' },
      }),
    )
    .input(ZIdInput)
    .output(z.array(ZMailingConsentChange))
    .query(async ({ ctx, input }) => {
      await assertMayActOnPerson(ctx, input.id);
      return mailingConsentHistory(ctx.em, input.id);
    }),

  setMailingConsent: superuserProcedure
    .meta(
      rest('POST', '/admin/profiles/{id}/mailing-consent/', {
        tags,
        summary: 'Set a person’s consent to a unit’s mailings',
        description:
          'Staff record a consent given or withdrawn (by phone, on paper): the change goes into the consent history with source ' +
          '`staff` and the caller as actor. Answers the whole history. 404 when the person is not a member of the unit.',
        errorResponses: { 404: 'No profile with this id, or the person is not a member of the unit' },
      }),
    )
    .input(ZMailingConsentInput)
    .output(z.array(ZMailingConsentChange))
    .mutation(async ({ ctx, input }) => {
      await assertMayActOnPerson(ctx, input.id);
      return inTransaction(ctx.em, async (tx) => {
        await setMailingConsent(tx, {
          profileId: input.id,
          unitId: input.administrative_unit,
          consent: input.consent,
          source: 'staff',
          actorId: ctx.user.id,
        });
        return mailingConsentHistory(tx, input.id);
      });
    }),
} satisfies TRPCRouterRecord;
