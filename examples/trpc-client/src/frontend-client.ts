import { TRPCClientError, createTRPCClient, httpBatchLink } from '@trpc/client';
import type { AppRouter, RouterInputs, RouterOutputs } from '@klub/api/router';

/** A client for a Klub server at `baseUrl` acting with a JWT access token (`POST /api/token/`). */
export function klubClient(baseUrl: string, accessToken: string) {
  return createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: `${baseUrl}/trpc`, headers: () => ({ authorization: `Bearer ${accessToken}` }) })],
  });
}

type Client = ReturnType<typeof klubClient>;
export type FrontendEvent = RouterOutputs['frontend']['events']['retrieve'];
export type NewEvent = RouterInputs['frontend']['events']['create'];

/** The REST status and DRF body of a refused call. */
export function refusal(error: unknown): { status: number; body: unknown } | null {
  if (!(error instanceof TRPCClientError)) return null;
  const data = error.data as { httpStatus?: number; drf?: { body?: unknown } } | undefined;
  return { status: data?.httpStatus ?? 500, body: data?.drf?.body ?? null };
}

/** One call of every front-end procedure, in the order an organizer's app might make them. */
export async function tour(api: Client, unitId: number, eventTypeId: number, profileId: number): Promise<string[]> {
  const seen: string[] = [];
  const root = await api.frontend.apiRoot.retrieve.query();
  seen.push(root.events, root['event-type']);

  const me = await api.frontend.whoami.retrieve.query();
  if (!me.is_event_organizer) return seen;
  await api.frontend.whoami.update.mutate({ nickname: 'Ann' });
  await api.frontend.whoami.partialUpdate.mutate({ first_name: 'Anna' });

  const input: NewEvent = { name: 'Cleanup', event_type_id: eventTypeId, administrative_units: [unitId], diet: ['vegan'] };
  const event: FrontendEvent = await api.frontend.events.create.mutate(input);
  const all = await api.frontend.events.list.query({ page: 1, page_size: 20 });
  seen.push(...all.results.map((e) => e.name));
  await api.frontend.events.retrieve.query({ id: event.id });

  const mine = await api.frontend.organizedEvents.list.query({});
  seen.push(`${mine.count} organized`);
  await api.frontend.organizedEvents.retrieve.query({ id: event.id });
  await api.frontend.organizedEvents.partialUpdate.mutate({ id: event.id, web_url: 'https://example.org', public_on_web: true });
  await api.frontend.organizedEvents.update.mutate({ id: event.id, name: 'Big cleanup', event_type_id: eventTypeId, administrative_units: [unitId] });

  const registration = await api.frontend.myEvents.create.mutate({ event: event.id, type__slug: 'event_registration', summary: 'Q1: yes' });
  await api.frontend.myEvents.list.query({ page_size: 10 });
  await api.frontend.myEvents.retrieve.query({ id: registration.id });
  await api.frontend.myEvents.partialUpdate.mutate({ id: registration.id, note: 'arriving late' });
  await api.frontend.myEvents.update.mutate({ id: registration.id, event: event.id, type__slug: 'event_registration' });
  await api.frontend.myEvents.destroy.mutate({ id: registration.id });

  const eventParam = String(event.id);
  const attendee = await api.frontend.attendees.create.mutate({ user: profileId, event: event.id, type__slug: 'event_attendance' });
  const attendees = await api.frontend.attendees.list.query({ event: eventParam });
  seen.push(...attendees.results.map((a) => `${a.user__first_name ?? '(company)'} ${a.user__city}`));
  await api.frontend.attendees.retrieve.query({ id: attendee.id, event: eventParam });
  await api.frontend.attendees.destroy.mutate({ id: attendee.id, event: eventParam });

  const positions = await api.frontend.eventOrganizationPositions.list.query();
  const position = positions[0];
  if (position) {
    await api.frontend.eventOrganizationPositions.retrieve.query({ id: position.id });
    const member = await api.frontend.eventOrgteam.create.mutate({ event: eventParam, profile_id: profileId, position_id: position.id });
    await api.frontend.eventOrgteam.list.query({ event: eventParam });
    await api.frontend.eventOrgteam.retrieve.query({ id: member.id, event: eventParam });
    await api.frontend.eventOrgteam.partialUpdate.mutate({ id: member.id, event: eventParam, position_id: position.id });
    await api.frontend.eventOrgteam.update.mutate({ id: member.id, event: eventParam, position_id: position.id });
    await api.frontend.eventOrgteam.destroy.mutate({ id: member.id, event: eventParam });
  }

  const types = await api.frontend.eventTypes.list.query();
  seen.push(...types.map((t) => t.slug));
  await api.frontend.eventTypes.retrieve.query({ id: eventTypeId });

  const place = await api.frontend.locations.create.mutate({ name: 'Letná', region: 'Praha', gps_latitude: 50.1, gps_longitude: 14.4 });
  await api.frontend.locations.list.query();
  await api.frontend.locations.retrieve.query({ id: place.id });
  await api.frontend.locations.partialUpdate.mutate({ id: place.id, place: 'by the metronome' });
  await api.frontend.locations.update.mutate({ id: place.id, name: 'Letná park' });
  await api.frontend.locations.destroy.mutate({ id: place.id });

  const found = await api.frontend.users.list.query({ q: 'novák' });
  // Without page/page_size the answer is the original's bare array; with them, the paginated envelope.
  const users = Array.isArray(found) ? found : found.results;
  seen.push(...users.map((u) => `${u.first_name} ${u.last_name} <${u.email ?? '-'}>`));
  await api.frontend.users.retrieve.query({ id: profileId });

  try {
    const profile = await api.frontend.editUserprofile.retrieve.query({ id: profileId, dob: '2003-03-29' });
    await api.frontend.editUserprofile.partialUpdate.mutate({ id: profileId, dob: '2003-03-29', city: profile.city || 'Praha' });
    await api.frontend.editUserprofile.update.mutate({ id: profileId, dob: '2003-03-29', note: 'met at the cleanup' });
  } catch (error) {
    // 403 {"error": "must specify date of birth …"} or 404 when the date is not theirs.
    const refused = refusal(error);
    if (!refused) throw error;
    seen.push(`edit_userprofile: ${refused.status}`);
  }

  const timeline = await api.frontend.myInteractions.list.query({ type__slug: 'event_registration', page_size: 5 });
  seen.push(...timeline.results.map((i) => `${i.date_from} ${i.subject}`));

  await api.frontend.organizedEvents.destroy.mutate({ id: event.id });
  return seen;
}
