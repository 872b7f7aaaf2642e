import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import {
  PEOPLE_ORDERING,
  ZIdInput,
  ZPage,
  ZPeopleQuery,
  PEOPLE_NAMES_MAX,
  ZPeopleNamesQuery,
  ZPersonName,
  ZPersonPreference,
  ZPersonRow,
  type PeopleOrdering,
} from '@klub/contracts';
import { personNames, personPreferences, searchPeople, type PeopleOrder } from '@klub/domain';
import { parseOrdering } from '../../rest/ordering.js';
import { paginate } from '../../rest/pagination.js';
import { rest, staffProcedure } from '../../trpc/procedures.js';
import { tags } from './crud.js';

const DEFAULT_ORDER: PeopleOrder[] = [
  { field: 'last_name', direction: 'asc' },
  { field: 'first_name', direction: 'asc' },
];

/** The back office's people list (issue 18): the profiles list plus phone/VS search and donation filters. */
// Staff see the people of the units they administer (issue 17 §1); superusers and organisation staff everyone.
export const peopleRouter = {
  list: staffProcedure
    .meta(
      rest('GET', '/admin/people/', {
        tags,
        summary: 'Find people (back office)',
        description:
          'Profiles with their primary e-mail and phone, units, variable symbols, whether a regular donation runs or is late, ' +
          'the last payment and the total paid. `search` words must all match a name, e-mail, phone or VS. ' +
          `\`ordering\`: ${PEOPLE_ORDERING.join(', ')} (default last_name, first_name).`,
        paginated: true,
      }),
    )
    .input(ZPeopleQuery)
    .output(ZPage(ZPersonRow))
    .query(({ ctx, input }) => {
      const ordering = parseOrdering(input.ordering, PEOPLE_ORDERING, DEFAULT_ORDER) as Array<{
        field: PeopleOrdering;
        direction: 'asc' | 'desc';
      }>;
      return paginate(ctx, (w) => searchPeople(ctx.em, input, ordering, w, ctx.access));
    }),

  names: staffProcedure
    .meta(
      rest('GET', '/admin/people/names/', {
        tags,
        summary: 'Names of many people',
        description:
          `Display names of the given profiles (\`?id=1&id=2\`, at most ${PEOPLE_NAMES_MAX}) in one read, for lists that hold ` +
          'profile ids (an event’s team and attendees, donor channels). Ids the caller cannot see are left out.',
      }),
    )
    .input(ZPeopleNamesQuery)
    .output(z.array(ZPersonName))
    .query(({ ctx, input }) => personNames(ctx.em, input.id.slice(0, PEOPLE_NAMES_MAX), ctx.access)),

  preferences: staffProcedure
    .meta(
      rest('GET', '/admin/people/{id}/preferences/', {
        tags,
        summary: 'A person’s preferences',
        description:
          'One row per administrative unit the person has preferences in, by unit id. 404 when there is no such person.',
        errorResponses: { 404: 'No profile with this id' },
      }),
    )
    .input(ZIdInput)
    .output(z.array(ZPersonPreference))
    .query(({ ctx, input }) => personPreferences(ctx.em, input.id, ctx.access)),
} satisfies TRPCRouterRecord;
