import { z } from 'zod';

/** `GET /api/check_event/{slug}/` and `GET /api/check_moneyaccount/{slug}/` (api.md §9.1, §9.2). */
export const ZSlugInput = z.object({ slug: z.string().describe('The slug to look up') });
export const ZSlugOutput = z.object({ slug: z.string().describe('The slug, which exists') }).meta({ id: 'ExistingSlug' });
export type TSlugOutput = z.infer<typeof ZSlugOutput>;
