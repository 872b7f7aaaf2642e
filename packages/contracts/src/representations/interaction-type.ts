import { z } from 'zod';

export const ZInteractionType = z
  .object({
    id: z.number().int().describe('Interaction type id'),
    name: z.string().describe('Name; also the subject of interactions created with this type'),
    category: z
      .object({
        category: z.string().describe('Category name'),
        slug: z.string().nullable().describe('Category slug, e.g. `event_interaction`'),
      })
      .describe('The category of the type'),
    slug: z.string().nullable().describe('Type slug, e.g. `event_registration`'),
  })
  .meta({ id: 'InteractionType', description: 'A kind of interaction (api.md §4.6)' });
export type TInteractionType = z.infer<typeof ZInteractionType>;
