import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc.js';

export type NameOf = (id: number | null | undefined) => string;

/**
 * People's names where admin records hold only profile ids (a team, attendees, donor channels):
 * the names of a whole page in one read (`admin.people.names`, one SQL statement), kept for
 * the session; an id not (yet) known shows as `#id`.
 */
export function usePersonNames(ids: ReadonlyArray<number | null | undefined>): NameOf {
  const trpc = useTRPC();
  const unique = [...new Set(ids.filter((id): id is number => typeof id === 'number' && id > 0))].sort((a, b) => a - b);
  const names = useQuery({
    ...trpc.admin.people.names.queryOptions({ id: unique }),
    enabled: unique.length > 0,
    staleTime: 300_000,
    placeholderData: keepPreviousData,
  });
  const byId = new Map((names.data ?? []).map((p) => [p.id, p.name]));
  return (id) => (id ? (byId.get(id) ?? `#${id}`) : '');
}
