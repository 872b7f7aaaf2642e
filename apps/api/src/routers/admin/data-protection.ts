import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import {
  adminProfiles,
  ZIdInput,
  ZMailingConsentChange,
  ZMailingConsentInput,
  ZPage,
  ZPersonAccessEntry,
  ZPersonAccessQuery,
  ZPersonExport,
  ZErasureInput,
  ZErasurePreparation,
  ZErasureSummary,
} from '@klub/contracts';
import {
  adminRetrieve,
  checkErasureToken,
  erasePerson,
  exportPerson,
  prepareErasure,
  ValidationError,
  mailingConsentHistory,
  personAccessLog,
  profilesAdmin,
  recordPersonAccess,
  setMailingConsent,
} from '@klub/domain';
import { paginate } from '../../rest/pagination.js';
import { rest, staffProcedure } from '../../trpc/procedures.js';
import { adminContext, tags } from './crud.js';
import { assertMayActOnPerson } from './person-access.js';

/**
 * Data protection of one person (issue 22, docs/data-protection.md), under
 * `/admin/profiles/{id}/…`. Each procedure first asks `assertMayActOnPerson`, then calls the domain.
 */
export const dataProtectionRouter = {
  /** The profile detail of the DRF router shape, which also records who looked. */
  retrieve: staffProcedure
    .meta(
      rest('GET', '/admin/profiles/{id}/', {
        tags,
        summary: 'One profile',
        description: 'Each read is recorded in the person’s access log (`GET /api/admin/profiles/{id}/access-log/`).',
      }),
    )
    .input(ZIdInput)
    .output(adminProfiles.ZOutput)
    .query(async ({ ctx, input }) => {
      // The generic read already answers 404 outside the caller's units (the person check's rule).
      const profile = await adminRetrieve(ctx.em, profilesAdmin, input.id, ctx.access);
      await recordPersonAccess(ctx.em, adminContext(ctx).actor, 'view', [input.id]);
      return profile;
    }),

  accessLog: staffProcedure
    .meta(
      rest('GET', '/admin/profiles/{id}/access-log/', {
        tags,
        summary: 'Who looked at a person',
        description: 'Reads of the profile through the admin API, its exports and its erasure: who, when, how; newest first.',
        paginated: true,
        errorResponses: { 404: 'No profile with this id' },
      }),
    )
    .input(ZPersonAccessQuery)
    .output(ZPage(ZPersonAccessEntry))
    .query(async ({ ctx, input }) => {
      await assertMayActOnPerson(ctx, input.id);
      return paginate(ctx, (w) => personAccessLog(ctx.em, input.id, w));
    }),

  export: staffProcedure
    .meta(
      rest('GET', '/admin/profiles/{id}/export/', {
        tags,
        summary: 'Everything stored about a person (JSON)',
        description:
          'The profile and every row of every table that refers to it (found through the database’s foreign keys), the payments of ' +
          'their donation channels, the audit entries about them and the e-mails sent to them; secrets are left out. The same ' +
          'document with the stored files is `GET /api/admin/profiles/{id}/export.zip`. Recorded in the audit log (action `export`).',
        errorResponses: { 404: 'No profile with this id' },
      }),
    )
    .input(ZIdInput)
    .output(ZPersonExport)
    .query(async ({ ctx, input }) => {
      await assertMayActOnPerson(ctx, input.id);
      return exportPerson(ctx.em, input.id, adminContext(ctx).actor);
    }),

  consentHistory: staffProcedure
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

  setMailingConsent: staffProcedure
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
      return ctx.em.transactional(async (tx) => {
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
  prepareErasure: staffProcedure
    .meta(
      rest('POST', '/admin/profiles/{id}/erasure/', {
        tags,
        summary: 'Prepare the erasure of a person',
        description:
          'The first of two confirmations: what the erasure would remove and what stays for accounting, and a confirmation ' +
          'token for `POST /api/admin/profiles/{id}/erase/`, valid for this caller and person for 15 minutes. Changes nothing. ' +
          '409 when the person has already been erased.',
        errorResponses: { 404: 'No profile with this id', 409: 'Already erased' },
      }),
    )
    .input(ZIdInput)
    .output(ZErasurePreparation)
    .mutation(async ({ ctx, input }) => {
      await assertMayActOnPerson(ctx, input.id);
      return prepareErasure(ctx.em, input.id, adminContext(ctx).actor, ctx.env.SECRET_KEY);
    }),

  erase: staffProcedure
    .meta(
      rest('POST', '/admin/profiles/{id}/erase/', {
        tags,
        summary: 'Erase a person (anonymise, irreversibly)',
        description:
          'In one transaction: names, e-mails, phones, addresses, birth date, notes, the free texts of their interactions and ' +
          'payments, their uploaded files, the e-mails sent to them and the values the audit log held about them are removed, and ' +
          'every text column of every table is swept for their addresses, numbers and full name; the account cannot sign in any ' +
          'more (sessions and tokens end). Payments, amounts, dates, variable symbols and tax confirmations stay, linked to the ' +
          'anonymised profile. Needs the token of `POST /api/admin/profiles/{id}/erasure/` and a reason, which the audit log keeps ' +
          '(action `erase`) without the erased data.',
        errorResponses: { 404: 'No profile with this id', 409: 'Already erased' },
      }),
    )
    .input(ZErasureInput)
    .output(ZErasureSummary)
    .mutation(async ({ ctx, input }) => {
      await assertMayActOnPerson(ctx, input.id);
      const { actor, files } = adminContext(ctx);
      if (!checkErasureToken(input.confirmation_token, input.id, actor, ctx.env.SECRET_KEY)) {
        throw ValidationError.field('confirmation_token', 'Invalid or expired confirmation token; prepare the erasure again.');
      }
      return erasePerson(ctx.em, input.id, { actor, reason: input.reason, files });
    }),
} satisfies TRPCRouterRecord;
