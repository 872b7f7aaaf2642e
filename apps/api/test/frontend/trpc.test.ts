import { describe, expect, it } from 'vitest';
import { TRPCClientError, createTRPCClient, httpLink } from '@trpc/client';
import { makeEventType, makeUnit } from '@klub/db/testing';
import type { AppRouter } from '../../src/routers/index.js';
import { useKlubApp } from '../helpers/klub-app.js';
import { caller } from './fixture.js';

describe('the front-end procedures over /trpc', () => {
  const app = useKlubApp();
  const client = (headers: Record<string, string> = {}) =>
    createTRPCClient<AppRouter>({ links: [httpLink({ url: `${app.url}/trpc`, headers: () => headers })] });

  it('answers typed calls with the REST bodies, query parameters included', async () => {
    const unit = await makeUnit(app.em());
    const type = await makeEventType(app.em(), { administrativeUnit: unit });
    const org = await caller(app, { roles: ['event_organizer'] });
    const trpc = client(org.headers);

    const me = await trpc.frontend.whoami.retrieve.query();
    expect(me).toMatchObject({ id: org.id, is_event_organizer: true });
    const event = await trpc.frontend.events.create.mutate({ name: 'Typed', event_type_id: type.id, administrative_units: [unit.id], diet: ['vegan'] });
    expect(event).toMatchObject({ name: 'Typed', diet: ['vegan'], administrative_unit_name: unit.name });
    const page = await trpc.frontend.organizedEvents.list.query({ page_size: 1 });
    expect(page).toMatchObject({ count: 1, next: null, previous: null, results: [{ id: event.id }] });
    const rest = await app.api('/api/frontend/organized_events/?page_size=1', { headers: org.headers });
    expect(page).toEqual(rest.body);

    // `event` is a query parameter on REST and an input key on /trpc.
    const row = await trpc.frontend.eventOrgteam.create.mutate({ event: String(event.id), profile_id: org.id, position_id: 1 });
    expect(row).toMatchObject({ profile_id: org.id, position_name: 'Event creator' });
    const team = await trpc.frontend.eventOrgteam.list.query({ event: String(event.id) });
    expect(team.results).toHaveLength(1);

    const registration = await trpc.frontend.myEvents.create.mutate({ event: event.id, type__slug: 'event_registration', summary: 'yes' });
    expect(await trpc.frontend.myEvents.retrieve.query({ id: registration.id })).toEqual(registration);
  });

  it('carries the DRF status and body of a refusal in the error data', async () => {
    const plain = await caller(app);
    const failure = await client(plain.headers)
      .frontend.events.create.mutate({ name: 'x', event_type_id: 1, administrative_units: [1] })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TRPCClientError);
    const data = (failure as TRPCClientError<AppRouter>).data as { httpStatus: number; drf: { body: unknown } };
    expect([data.httpStatus, data.drf.body]).toEqual([403, { error: 'must be an event organizer' }]);
  });
});
