import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc.js';

/**
 * A person's name where an admin record has only the profile id. The reads of one screen go
 * out as one batched request (httpBatchLink); React Query keeps each name for the session.
 */
export function ProfileName({ id }: { id: number | null | undefined }) {
  const trpc = useTRPC();
  const profile = useQuery({ ...trpc.admin.profiles.retrieve.queryOptions({ id: id ?? 0 }), enabled: !!id, staleTime: 300_000 });
  if (!id) return null;
  const p = profile.data;
  if (!p) return <>#{id}</>;
  const name = [p.first_name, p.last_name].filter(Boolean).join(' ') || ('name' in p ? String(p.name ?? '') : '') || p.email || `#${id}`;
  return <>{name}</>;
}
