import { describe, expect, it } from 'vitest';
import { TRPCClientError, createTRPCClient, httpLink } from '@trpc/client';
import { makeUnit } from '@klub/db/testing';
import { ADMIN_RESOURCES } from '@klub/domain';
import type { AppRouter } from '../../src/routers/index.js';
import { useKlubApp } from '../helpers/klub-app.js';
import { superuser } from './helpers.js';

type Operation = { tags?: string[]; security?: unknown[]; requestBody?: unknown; responses: Record<string, unknown> };

describe('the admin API in the OpenAPI document and over /trpc (issue 3)', () => {
  const app = useKlubApp();

  it('documents every resource under the admin tag with its own schema, security and success codes', async () => {
    const doc = (await app.api('/api/openapi.json')).body as { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> }; tags: Array<{ name: string }> };
    expect(doc.tags.map((t) => t.name)).toContain('admin');
    for (const name of Object.keys(ADMIN_RESOURCES)) {
      const list = doc.paths[`/admin/${name}/`];
      const detail = doc.paths[`/admin/${name}/{id}/`];
      expect(list?.get?.tags, name).toEqual(['admin']);
      expect(detail?.get?.tags, name).toEqual(['admin']);
      expect(list!.get!.security, name).not.toEqual([]);
    }
    const units = doc.paths['/admin/administrative-units/']!;
    expect(Object.keys(units.post!.responses)).toContain('201');
    expect(Object.keys(doc.paths['/admin/administrative-units/{id}/']!.delete!.responses)).toContain('204');
    expect(doc.components.schemas).toHaveProperty('AdminAdministrativeUnit');
    expect(doc.components.schemas).toHaveProperty('AdminProfile');
    expect(doc.paths['/admin/oauth-applications/{id}/rotate-secret/']?.post?.tags).toEqual(['admin']);
    // Write-only fields are in the request body and never in the representation.
    const profile = doc.components.schemas.AdminProfile as { properties: Record<string, unknown> };
    expect(profile.properties).not.toHaveProperty('password');
    expect(JSON.stringify(doc.paths['/admin/profiles/']!.post!.requestBody)).toContain('"password"');
    const pdf = JSON.stringify(doc.paths['/admin/pdf-storage/']!.post!.requestBody);
    expect(pdf).toContain('binary');
  });

  it('answers typed calls with the REST bodies, and DRF errors in the error data', async () => {
    const su = await superuser(app);
    const unit = await makeUnit(app.em(), { name: 'Brno' });
    const trpc = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${app.url}/trpc`, headers: () => su.headers })] });

    const location = await trpc.admin.locations.create.mutate({ name: 'Lužánky', gps_latitude: 49.2 });
    expect(location).toMatchObject({ name: 'Lužánky', gps_latitude: 49.2, place: '' });
    const patched = await trpc.admin.locations.partialUpdate.mutate({ id: location.id, region: 'JMK' });
    expect(patched.region).toBe('JMK');
    const page = await trpc.admin.administrativeUnits.list.query({ search: 'brno', page_size: 5 });
    expect(page).toMatchObject({ count: 1, next: null, previous: null, results: [{ id: unit.id, name: 'Brno' }] });
    const rest = await app.api('/api/admin/administrative-units/?search=brno&page_size=5', { headers: su.headers });
    expect(page).toEqual(rest.body);

    const failure = await trpc.admin.locations.create.mutate({ name: '' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TRPCClientError);
    const data = (failure as TRPCClientError<AppRouter>).data as { httpStatus: number; drf: { body: unknown } };
    expect([data.httpStatus, data.drf.body]).toEqual([400, { name: ['This field may not be blank.'] }]);
  });
});
