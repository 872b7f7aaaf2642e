import { describe, expect, it } from 'vitest';
import { Profile, ProfileEmail, Telephone } from '@klub/db';
import { makeProfile } from '@klub/db/testing';
import { setPrimaryEmail, setPrimaryTelephone } from '../src/people/contact-details.js';
import { ValidationError } from '../src/errors.js';
import { useTestDatabase } from './db.js';

describe('setPrimaryEmail (api.md §4.8)', () => {
  const db = useTestDatabase();

  it('makes the new address primary, lower-cased, and keeps the old one as a secondary address', async () => {
    const em = db.orm().em.fork();
    const p = await makeProfile(em, { email: 'old@example.org' });
    await setPrimaryEmail(em, p.id, ' New@Example.org ');
    const fresh = db.orm().em.fork();
    expect((await fresh.findOneOrFail(Profile, p.id)).email).toBe('new@example.org');
    const rows = await fresh.find(ProfileEmail, { user: p.id }, { orderBy: { email: 'asc' } });
    expect(rows.map((r) => [r.email, r.isPrimary])).toEqual([
      ['new@example.org', true],
      ['old@example.org', null],
    ]);
  });

  it('creates a primary row when there is none, and promotes an existing secondary one', async () => {
    const em = db.orm().em.fork();
    const p = await makeProfile(em);
    await setPrimaryEmail(em, p.id, 'a@example.org');
    em.create(ProfileEmail, { email: 'b@example.org', user: p.id, isPrimary: null });
    await em.flush();
    await setPrimaryEmail(em, p.id, 'b@example.org');
    const rows = await db.orm().em.fork().find(ProfileEmail, { user: p.id }, { orderBy: { email: 'asc' } });
    expect(rows.map((r) => [r.email, r.isPrimary])).toEqual([
      ['a@example.org', null],
      ['b@example.org', true],
    ]);
  });

  it('refuses an address that belongs to another profile, and clears on null', async () => {
    const em = db.orm().em.fork();
    await makeProfile(em, { email: 'taken@example.org' });
    const p = await makeProfile(em, { email: 'mine@example.org' });
    await expect(setPrimaryEmail(em, p.id, 'TAKEN@example.org')).rejects.toBeInstanceOf(ValidationError);
    await setPrimaryEmail(em, p.id, null);
    const fresh = db.orm().em.fork();
    expect((await fresh.findOneOrFail(Profile, p.id)).email).toBeNull();
    expect((await fresh.findOneOrFail(ProfileEmail, { email: 'mine@example.org' })).isPrimary).toBeNull();
  });
});

describe('setPrimaryTelephone (domain.md §2.3)', () => {
  const db = useTestDatabase();

  it('keeps old numbers and makes the newest one primary', async () => {
    const em = db.orm().em.fork();
    const p = await makeProfile(em);
    await setPrimaryTelephone(em, p.id, '720000000');
    await setPrimaryTelephone(em, p.id, '730000000');
    await setPrimaryTelephone(em, p.id, '720000000');
    const rows = await db.orm().em.fork().find(Telephone, { user: p.id }, { orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.telephone, r.isPrimary])).toEqual([
      ['720000000', true],
      ['730000000', null],
    ]);
  });
});
