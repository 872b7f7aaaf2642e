import { z } from 'zod';
import { field, ZOrderingParam, ZPage, ZPageQuery } from '@klub/contracts';
import { CustomError, ValidationError } from '@klub/domain';
import { paginate, pageWindow } from '../../src/rest/pagination.js';
import { parseOrdering } from '../../src/rest/ordering.js';
import { router } from '../../src/trpc/init.js';
import {
  organizerPermProcedure,
  publicProcedure,
  rest,
  scoped,
  staffOrOrganizerProcedure,
  superuserProcedure,
  userProcedure,
} from '../../src/trpc/procedures.js';

/** A router that exercises every rule of api.md §1 without a database. */

const ZItem = z.object({ id: z.number().int().describe('Item id'), name: z.string().describe('Item name') }).meta({ id: 'TestItem' });

const items = (total: number) => Array.from({ length: total }, (_, i) => ({ id: i + 1, name: `item ${i + 1}` }));

const ZRegisterInput = z
  .object({
    username: field.string({ maxLength: 10, description: 'Login name' }),
    email: field.email({ lowercase: true, description: 'E-mail address' }),
    age: field.integer({ min: 0, description: 'Age in years' }).optional(),
    newsletter: field.boolean({ description: 'Wants the newsletter' }),
    tags: field.multipleChoice(['a', 'b', 'c'], { description: 'Interests' }).optional(),
    birthday: field.date({ description: 'Date of birth' }).nullable().optional(),
    address: z.object({ city: field.string({ description: 'City' }) }).optional().describe('Postal address'),
    userchannels: z
      .array(
        z.object({
          money_account: field.string({ description: 'Money account slug' }),
          amount: field.integer({ min: 0, description: 'Amount in CZK' }),
        }),
      )
      .optional()
      .describe('Donor payment channels'),
  })
  .superRefine((v, ctx) => {
    if (v.username === 'root') ctx.addIssue({ code: 'custom', message: 'This username is reserved.' });
  });

const ZRegisterOutput = z
  .object({
    username: z.string().describe('Login name'),
    email: z.string().describe('E-mail address'),
    age: z.number().int().nullable().describe('Age'),
    newsletter: z.boolean().describe('Newsletter'),
    tags: z.array(z.string()).describe('Interests'),
    birthday: z.string().nullable().describe('Date of birth'),
    userchannels: z.array(z.object({ money_account: z.string().describe('Slug'), amount: z.number().describe('Amount') })).describe('Channels'),
  })
  .describe('The registered profile');

const ZLocation = z.object({ id: z.number().int().describe('Location id'), name: z.string().describe('Name') });

export const testRouter = router({
  echo: {
    list: publicProcedure
      .meta(rest('GET', '/echo/', { tags: ['test'], summary: 'Echo the query' }))
      .input(
        z.object({
          q: field.string({ description: 'Some text' }).optional(),
          n: field.integer({ description: 'A number' }).optional(),
          flag: field.boolean({ description: 'A query boolean (DRF spellings)' }).optional(),
          note: z.string().optional().describe('A note, described after .optional()'),
          tags: field.multipleChoice(['a', 'b', 'c'], { description: 'Tags (repeat the key for more)' }).optional(),
        }),
      )
      .output(
        z.object({
          q: z.string().nullable().describe('The text'),
          n: z.number().nullable().describe('The number'),
          flag: z.boolean().nullable().describe('The flag'),
          user: z.string().nullable().describe('Username of the caller'),
          tags: z.array(z.string()).nullable().describe('The tags'),
        }),
      )
      .query(({ ctx, input }) => ({
        q: input.q ?? null,
        n: input.n ?? null,
        flag: input.flag ?? null,
        user: ctx.user?.username ?? null,
        tags: input.tags ?? null,
      })),
  },
  whoami: {
    retrieve: userProcedure
      .meta(rest('GET', '/frontend/whoami', { tags: ['frontend'], summary: 'Who am I' }))
      .output(z.object({ username: z.string().nullable().describe('User name') }))
      .query(({ ctx }) => ({ username: ctx.user.username })),
  },
  events: {
    list: publicProcedure
      .meta(rest('GET', '/event/', { tags: ['public'], summary: 'List events', paginated: true }))
      .input(
        ZPageQuery.extend({
          total: field.integer({ description: 'How many items the fake list has' }).optional(),
          ordering: ZOrderingParam(['id', 'name']),
        }),
      )
      .output(ZPage(ZItem))
      .query(({ ctx, input }) => {
        const all = items(input.total ?? 0);
        return paginate(ctx, async ({ limit, offset }) => [all.slice(offset, offset + limit), all.length]);
      }),
    retrieve: publicProcedure
      .meta(rest('GET', '/event/{id}/', { tags: ['public'], summary: 'One event' }))
      .input(z.object({ id: field.integer({ description: 'Event id' }) }))
      .output(ZItem)
      .query(({ input }) => ({ id: input.id, name: `item ${input.id}` })),
    counted: publicProcedure
      .meta(rest('GET', '/counted/', { tags: ['public'], summary: 'Count-first pagination', paginated: true }))
      .input(ZPageQuery.extend({ total: field.integer({ description: 'Total' }).optional() }))
      .output(ZPage(ZItem))
      .query(({ ctx, input }) => {
        const all = items(input.total ?? 0);
        const w = pageWindow(ctx, all.length);
        return w.envelope(all.slice(w.offset, w.offset + w.limit));
      }),
  },
  units: {
    list: publicProcedure
      .meta(rest('GET', '/administrative_unit/', { tags: ['public'], summary: 'Units' }))
      .output(z.array(ZItem))
      .query(() => items(2)),
  },
  ordered: {
    list: publicProcedure
      .meta(rest('GET', '/ordered/', { tags: ['test'], summary: 'Ordering' }))
      .input(z.object({ ordering: ZOrderingParam(['name', 'age']) }))
      .output(z.array(z.object({ field: z.string().describe('Field'), direction: z.enum(['asc', 'desc']).describe('Direction') })))
      .query(({ input }) => parseOrdering(input.ordering, { name: 'name', age: 'ageYears' }, [{ field: 'id', direction: 'asc' }])),
  },
  register: {
    create: publicProcedure
      .meta(rest('POST', '/register_userprofile/', { tags: ['account'], summary: 'Register', successStatus: 201 }))
      .input(ZRegisterInput)
      .output(ZRegisterOutput)
      .mutation(({ input }) => {
        if (input.email === 'taken@example.org') throw ValidationError.field('email', 'This field must be unique.');
        return {
          username: input.username,
          email: input.email,
          age: input.age ?? null,
          newsletter: input.newsletter,
          tags: input.tags ?? [],
          birthday: input.birthday ?? null,
          userchannels: input.userchannels ?? [],
        };
      }),
  },
  locations: {
    list: staffOrOrganizerProcedure
      .meta(rest('GET', '/frontend/locations/', { tags: ['frontend'], summary: 'Locations' }))
      .output(z.array(ZLocation))
      .query(() => [{ id: 1, name: 'Brno' }]),
    retrieve: staffOrOrganizerProcedure
      .meta(rest('GET', '/frontend/locations/{id}/', { tags: ['frontend'], summary: 'One location' }))
      .input(z.object({ id: field.integer({ description: 'Location id' }) }))
      .output(ZLocation)
      .query(({ input }) => ({ id: input.id, name: 'Brno' })),
    destroy: staffOrOrganizerProcedure
      .meta(rest('DELETE', '/frontend/locations/{id}/', { tags: ['frontend'], summary: 'Delete a location', successStatus: 204 }))
      .input(z.object({ id: field.integer({ description: 'Location id' }) }))
      .output(z.void())
      .mutation(() => undefined),
  },
  upload: {
    create: publicProcedure
      .meta(rest('POST', '/upload/', { tags: ['test'], summary: 'Multipart upload', successStatus: 201 }))
      .input(z.object({ title: field.string({ description: 'Title' }), doc: field.file({ description: 'The file', maxBytes: 1000 }) }))
      .output(
        z.object({
          title: z.string().describe('Title'),
          filename: z.string().describe('File name'),
          contentType: z.string().describe('Content type'),
          size: z.number().describe('Size in bytes'),
          text: z.string().describe('Content'),
        }),
      )
      .mutation(({ input }) => ({
        title: input.title,
        filename: input.doc.filename,
        contentType: input.doc.contentType,
        size: input.doc.size,
        text: Buffer.from(input.doc.data).toString('utf8'),
      })),
  },
  protectedPost: {
    create: userProcedure
      .meta(rest('POST', '/protected_post/', { tags: ['test'], summary: 'POST only, users only' }))
      .input(z.object({}))
      .output(z.object({ ok: z.boolean().describe('Always true') }))
      .mutation(() => ({ ok: true })),
  },
  eventsCreate: {
    create: organizerPermProcedure
      .meta(rest('POST', '/frontend/events/', { tags: ['frontend'], summary: 'Create (SU/ORG-PERM)', successStatus: 201 }))
      .input(z.object({}))
      .output(z.object({ ok: z.boolean().describe('Always true') }))
      .mutation(() => ({ ok: true })),
  },
  admin: {
    list: superuserProcedure
      .meta(rest('GET', '/admin/things/', { tags: ['admin'], summary: 'Superusers only' }))
      .output(z.array(ZItem))
      .query(() => []),
  },
  integration: {
    check: scoped('can_check_if_exist', { or: 'staff' })
      .meta(rest('GET', '/check_event/{slug}/', { tags: ['integration'], summary: 'Scope or staff (GET)' }))
      .input(z.object({ slug: field.string({ description: 'Event slug' }) }))
      .output(z.object({ slug: z.string().describe('Slug') }))
      .query(({ input }) => ({ slug: input.slug })),
    signUp: scoped('can_create_userprofile_interaction', { or: 'user' })
      .meta(rest('POST', '/sign_up_for_event/', { tags: ['signups'], summary: 'Scope or user (POST)' }))
      .input(z.object({}))
      .output(z.object({ ok: z.boolean().describe('Always true') }))
      .mutation(() => ({ ok: true })),
  },
  failures: {
    boom: publicProcedure
      .meta(rest('GET', '/boom/', { tags: ['test'], summary: 'A bug' }))
      .output(z.object({}))
      .query(() => {
        throw new Error('db password=secret');
      }),
    dbDown: publicProcedure
      .meta(rest('GET', '/db_down/', { tags: ['test'], summary: 'Lost database' }))
      .output(z.object({}))
      .query(() => {
        throw Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:5432 password=secret'), { code: 'ECONNREFUSED' });
      }),
    // Needs a real database (the stub ORM answers every statement): PostgreSQL refuses a
    // statement whose text holds U+0000 (08P01, a class-08 code) and fails a division by zero.
    dbError: publicProcedure
      .meta(rest('GET', '/db_error/', { tags: ['test'], summary: 'A database error on a working connection' }))
      .input(z.object({ kind: field.choice(['protocol', 'statement'], { description: 'Which error' }) }))
      .output(z.object({}))
      .query(async ({ ctx, input }) => {
        await ctx.em.getConnection().execute(input.kind === 'protocol' ? "select 'a\u0000b' as t" : 'select 1 / 0 as t');
        return {};
      }),
    custom: publicProcedure
      .meta(rest('GET', '/custom_error/', { tags: ['test'], summary: 'Exact body' }))
      .output(z.object({}))
      .query(() => {
        throw new CustomError(403, { error: 'must be an event organizer' });
      }),
    badOutput: publicProcedure
      .meta(rest('GET', '/bad_output/', { tags: ['test'], summary: 'Output does not match' }))
      .output(z.object({ id: z.number().describe('Id') }))
      .query(() => ({ id: 'not a number' }) as unknown as { id: number }),
  },
  trpcOnly: {
    ping: publicProcedure.query(() => 'pong'),
  },
});
