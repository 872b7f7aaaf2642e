import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { execute, makeDonorPaymentChannel, makeMoneyAccount, makePayment, makeProfile, makeUnit } from '@klub/db/testing';
import { addUnitsToProfile, createAutomaticMessage, createSegment, evaluateSegmentMessages, SUPERUSER_ACCESS } from '@klub/domain';
import { handler } from '../../src/jobs/mailing-automatic-send.js';
import { useHarness } from '../helpers/harness.js';

type Row = Record<string, unknown>;

const texts = {
  subject_cs: 'Vítej, {{first_name}}',
  body_cs: '{{salutation}},\n\nděkujeme, mil{ý|á} {{first_name}}.',
  subject_en: 'Welcome, {{first_name}}',
  body_en: 'Dear {{first_name}},\n\nthank you.',
};

describe('automatic messages (issue 19 §3)', () => {
  const h = useHarness('automatic-messages', { MAILING_RATE: '500', PUBLIC_API_URL: 'https://klub.example.org' });

  async function arrange() {
    const em = h.orm.em.fork();
    const unit = await makeUnit(em, { name: 'Auto*Mat', fromEmailStr: 'Auto*Mat <klub@auto-mat.cz>' });
    const other = await makeUnit(em, { name: 'Brno' });
    const account = await makeMoneyAccount(em, { administrativeUnit: unit });
    return { em, unit, other, account };
  }

  const message = (unit: number, over: Record<string, unknown>) =>
    createAutomaticMessage(
      h.orm.em.fork(),
      SUPERUSER_ACCESS,
      { name: 'Auto', administrative_unit: unit, trigger: null, segment: null, repeat: 'once', service: false, enabled: true, ...texts, ...over } as never,
      null,
    );

  const sends = (id: number) =>
    execute<Row[]>(h.orm.em.fork(), 'select profile_id, occurrence, status, skip_reason from automatic_message_send where automatic_message_id = ? order by id', [id]);
  const runJob = (deps = h.deps) => handler.run({ id: 'outbox-t', data: {}, attemptsMade: 0, updateProgress: () => Promise.resolve() } as never, deps);

  it('raises trigger messages in the transaction of the change, for the message’s unit only, and sends them once', async () => {
    const { em, unit, other, account } = await arrange();
    const welcome = await message(unit.id, { trigger: 'registered' });
    const late = await message(unit.id, { trigger: 'regular_late', repeat: 'each', service: true, subject_cs: 'Platba', body_cs: 'Chybí platba.' });
    const first = await message(unit.id, { trigger: 'first_payment', subject_cs: 'Díky', body_cs: 'Za první platbu.' });
    await message(unit.id, { trigger: 'event_registration', enabled: false });

    const jana = await makeProfile(em, { firstName: 'Jana', email: 'jana@example.org', sex: 'female' });
    const petr = await makeProfile(em, { firstName: 'Petr', email: 'petr@example.org', sex: 'male' });
    // A rolled-back change raises nothing.
    await em.fork().transactional(async (tx) => {
      await addUnitsToProfile(tx, jana.id, [unit.id], { source: 'staff', actorId: null });
      throw new Error('rolled back');
    }).catch(() => undefined);
    expect(await sends(welcome.id)).toEqual([]);

    await addUnitsToProfile(em, jana.id, [unit.id], { source: 'staff', actorId: null });
    await addUnitsToProfile(em, petr.id, [other.id], { source: 'staff', actorId: null });
    expect(await sends(welcome.id)).toEqual([{ profile_id: jana.id, occurrence: '', status: 'pending', skip_reason: null }]);
    // Jana leaves the unit and joins again: a once-only message is not raised twice.
    await execute(em, 'delete from profile_administrative_units where profile_id = ?', [jana.id]);
    await addUnitsToProfile(em, jana.id, [unit.id], { source: 'staff', actorId: null });
    expect(await sends(welcome.id)).toHaveLength(1);
    const [outbox] = await execute<Array<{ n: number }>>(em, `select count(*)::int as n from outbox_message where job_name = 'mailing.automatic-send'`);
    expect(outbox!.n).toBe(1);

    // Jana's first payment (twice paired: still one message); the channel becomes late twice.
    const channel = await makeDonorPaymentChannel(em, { vs: '77', user: jana, moneyAccount: account, regularAmount: 200 });
    await makePayment(em, { userDonorPaymentChannel: channel, amount: 200, date: '2026-01-10' });
    await makePayment(em, { userDonorPaymentChannel: channel, amount: 200, date: '2026-02-10' });
    expect(await sends(first.id)).toMatchObject([{ profile_id: jana.id, occurrence: '' }]);
    // Jana turns off the unit's mailings: the service message still goes, the others are skipped.
    await execute(em, 'update preference set send_mailing_lists = false where user_id = ?', [jana.id]);
    for (let i = 0; i < 2; i++)
      await execute(em, `insert into payment_status_change (donor_payment_channel_id, state) values (?, 'late')`, [channel.id]);
    expect((await sends(late.id)).map((s) => s.occurrence)).toEqual([expect.stringMatching(/^status:\d+$/), expect.stringMatching(/^status:\d+$/)]);

    expect(await runJob()).toEqual({ sent: 2 });
    const mails = await h.sink.waitFor(2);
    await sleep(200);
    expect(h.sink.messages).toHaveLength(2);
    expect(mails.map((m) => m.subject).sort()).toEqual(['Platba', 'Platba']);
    expect(mails[0]!.messageId).toMatch(new RegExp(`^<automatic-${late.id}-\\d+@klub>$`));
    expect(mails[0]!.text).toContain('Chybí platba.');
    expect((await sends(welcome.id))[0]).toMatchObject({ status: 'skipped', skip_reason: 'no_consent' });
    expect((await sends(first.id))[0]).toMatchObject({ status: 'skipped', skip_reason: 'no_consent' });
    const timeline = await execute<Row[]>(em, `select i.subject, t.slug from interaction i join interaction_type t on t.id = i.type_id where i.user_id = ?`, [jana.id]);
    expect(timeline).toEqual([{ subject: 'Platba', slug: 'automatic-message' }, { subject: 'Platba', slug: 'automatic-message' }]);
    // Nothing left: another run sends nothing.
    expect(await runJob()).toEqual({ sent: 0 });
  });

  it('gives a once-only segment message to each person once, with two evaluations and two workers at once', async () => {
    const { em, unit } = await arrange();
    const people: Array<{ id: number }> = [];
    for (let i = 0; i < 30; i++) {
      const p = await makeProfile(em, { firstName: `P${i}`, email: `p${i}@example.org`, city: i < 20 ? 'Brno' : 'Praha' });
      await addUnitsToProfile(em, p.id, [unit.id], { source: 'staff', actorId: null });
      people.push(p);
    }
    const brno = await createSegment(em, { name: 'Brno', description: '', rule: { all: [{ type: 'city', city: 'brno' }] } }, null);
    const msg = await message(unit.id, { segment: brno.id });
    const each = await message(unit.id, { segment: brno.id, repeat: 'each', name: 'Each', subject_cs: 'Znovu v Brně', subject_en: 'Back in Brno' });

    const made = await Promise.all([evaluateSegmentMessages(h.orm.em.fork()), evaluateSegmentMessages(h.orm.em.fork())]);
    expect(made[0] + made[1]).toBe(40);
    const [a, b] = await Promise.allSettled([runJob(), runJob()]);
    const sent = [a, b].map((r) => (r.status === 'fulfilled' ? (r.value as { sent: number }).sent : 0));
    expect(sent[0]! + sent[1]!).toBe(40);
    await h.sink.waitFor(40);
    await sleep(300);
    expect(h.sink.messages).toHaveLength(40);
    const perPerson = new Map<string, number>();
    for (const m of h.sink.messages) perPerson.set(`${m.subject}|${(m.to as { text: string }).text}`, (perPerson.get(`${m.subject}|${(m.to as { text: string }).text}`) ?? 0) + 1);
    expect([...perPerson.values()].every((n) => n === 1)).toBe(true);

    // The key a racing evaluation would hit: no second once-only send for a person.
    await expect(execute(em, 'insert into automatic_message_send (automatic_message_id, profile_id) values (?, ?)', [msg.id, people[1]!.id])).rejects.toThrow(/unique/);
    // Evaluated again: nobody new. Then P0 leaves Brno and comes back: the `each` message again, the once-only one not.
    expect(await evaluateSegmentMessages(h.orm.em.fork())).toBe(0);
    await execute(em, `update profile set city = 'Praha' where id = ?`, [people[0]!.id]);
    expect(await evaluateSegmentMessages(h.orm.em.fork(), { today: '2027-01-01' })).toBe(0);
    await execute(em, `update profile set city = 'Brno' where id = ?`, [people[0]!.id]);
    expect(await evaluateSegmentMessages(h.orm.em.fork(), { today: '2027-01-02' })).toBe(1);
    expect((await sends(msg.id)).filter((s) => s.profile_id === people[0]!.id)).toHaveLength(1);
    expect((await sends(each.id)).filter((s) => s.profile_id === people[0]!.id).map((s) => s.occurrence)).toEqual([expect.stringMatching(/^entered:/), 'entered:2027-01-02']);
  });
});
