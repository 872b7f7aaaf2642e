import { describe, expect, it } from 'vitest';
import { Preference, Profile, ProfileRole } from '@klub/db';
import { makeProfile, makeUnit } from '@klub/db/testing';
import { addUnitsToProfile, removeUnitsFromProfile } from '../src/people/unit-membership.js';
import { useTestDatabase } from './db.js';

describe('unit membership side effects (api.md §12.5, domain.md §2.6)', () => {
  const db = useTestDatabase();

  it('activates a profile without preferences and gives each new unit a preference row', async () => {
    const em = db.orm().em.fork();
    const [u1, u2] = [await makeUnit(em), await makeUnit(em)];
    const profile = await makeProfile(em, { isActive: false });
    await em.transactional((tx) => addUnitsToProfile(tx, profile.id, [u1.id, u2.id, u1.id], { source: 'staff', actorId: null }));
    const fresh = db.orm().em.fork();
    const reloaded = await fresh.findOneOrFail(Profile, profile.id, { populate: ['administrativeUnits'] });
    expect(reloaded.isActive).toBe(true);
    expect(reloaded.administrativeUnits.getItems().map((u) => u.id).sort()).toEqual([u1.id, u2.id].sort());
    expect(await fresh.count(Preference, { user: profile.id })).toBe(2);
  });

  it('is a no-op for a unit the profile already has', async () => {
    const em = db.orm().em.fork();
    const unit = await makeUnit(em);
    const profile = await makeProfile(em);
    await addUnitsToProfile(em, profile.id, [unit.id], { source: 'staff', actorId: null });
    await em.nativeUpdate(Profile, { id: profile.id }, { isActive: false });
    await addUnitsToProfile(em, profile.id, [unit.id], { source: 'staff', actorId: null });
    const fresh = db.orm().em.fork();
    expect((await fresh.findOneOrFail(Profile, profile.id)).isActive).toBe(false);
    expect(await fresh.count(Preference, { user: profile.id })).toBe(1);
  });

  it('deactivates a profile whose last unit is removed, unless it edits all units', async () => {
    const em = db.orm().em.fork();
    const unit = await makeUnit(em);
    const plain = await makeProfile(em);
    const editor = await makeProfile(em);
    em.create(ProfileRole, { profile: editor, role: 'edit_all_units' });
    await em.flush();
    for (const p of [plain, editor]) {
      await addUnitsToProfile(em, p.id, [unit.id], { source: 'staff', actorId: null });
      await removeUnitsFromProfile(em, p.id, [unit.id]);
    }
    const fresh = db.orm().em.fork();
    expect((await fresh.findOneOrFail(Profile, plain.id)).isActive).toBe(false);
    expect((await fresh.findOneOrFail(Profile, editor.id)).isActive).toBe(true);
    expect(await fresh.count(Preference, {})).toBe(0);
  });
});
