import { describe, expect, it } from 'vitest';
import { emailSignupNotification, type JobPayload } from '@klub/contracts';
import { Interaction, InteractionType } from '@klub/db';
import { makeEvent, makeProfile } from '@klub/db/testing';
import { enqueue } from '@klub/domain/outbox';
import { useHarness } from '../helpers/harness.js';

const base: JobPayload<typeof emailSignupNotification> = {
  kind: 'event-signup',
  profileId: 1,
  email: 'jana@example.org',
  from: 'Auto*Mat <akce@auto-mat.cz>',
  firstName: 'Jana',
  administrativeUnitId: 1,
  unitName: 'Auto*Mat',
  eventId: 12,
  eventName: 'Zažít město jinak',
  interactionId: 5,
  lang: 'cs',
};

describe('email.signup-notification (api.md §12.6, operations.md §4)', () => {
  const h = useHarness('email-signup-notification');

  it('confirms each kind of sign-up to the person, sent by the unit, with both parts', async () => {
    h.start();
    const kinds = ['event-signup', 'volunteer', 'membership', 'registration'] as const;
    const ids = await h.orm.em
      .fork()
      .transactional(async (tx) => kinds.map((kind) => enqueue(tx, emailSignupNotification, { ...base, kind })));
    await h.relay.relayOnce();
    for (const msg of ids)
      await (await h.queues.email.getJob(`outbox-${msg.id}`))!.waitUntilFinished(h.events.email, 15_000);
    const mails = await h.sink.waitFor(4);
    expect(mails.map((m) => m.subject).sort()).toEqual(
      [
        'Děkujeme za nabídku pomoci',
        'Přihláška na akci Zažít město jinak',
        'Vítejte v klubu',
        'Žádost o členství přijata',
      ].sort(),
    );
    for (const mail of mails) {
      expect(mail.from?.value).toEqual([{ name: 'Auto*Mat', address: 'akce@auto-mat.cz' }]);
      expect((mail.to as { text: string }).text).toBe('jana@example.org');
      expect(mail.text).toContain('S pozdravem, Auto*Mat');
      expect(mail.html).toContain('<html');
    }
    const event = mails.find((m) => m.subject?.startsWith('Přihláška'))!;
    expect(event.text).toContain('vaši přihlášku na akci „Zažít město jinak“ jsme přijali');
  });

  it('writes in English when the request was English', async () => {
    h.start();
    const msg = await h.orm.em
      .fork()
      .transactional(async (tx) => enqueue(tx, emailSignupNotification, { ...base, kind: 'volunteer', lang: 'en' }));
    await h.relay.relayOnce();
    await (await h.queues.email.getJob(`outbox-${msg.id}`))!.waitUntilFinished(h.events.email, 15_000);
    const [mail] = await h.sink.waitFor(1);
    expect(mail!.subject).toBe('Thank you for offering to help');
    expect(mail!.text).toContain('Hello Jana,');
    expect(mail!.text).toContain('thank you for offering to volunteer with Auto*Mat.');
  });

  it('sends an interaction of a send_email type with its own subject and summary, then marks it dispatched', async () => {
    h.start();
    const em = h.orm.em.fork();
    const event = await makeEvent(em);
    const user = await makeProfile(em, { email: 'jana@example.org' });
    const type = await em.findOneOrFail(InteractionType, { slug: 'event_registration' });
    const interaction = em.create(Interaction, {
      user, event, type, administrativeUnit: event.administrativeUnits.getItems()[0]!,
      subject: 'Registrace do akci', summary: 'note:\n    alergie\n', dateFrom: new Date(), dispatched: false,
    });
    await em.flush();
    const msg = await h.orm.em.fork().transactional(async (tx) =>
      enqueue(tx, emailSignupNotification, {
        ...base,
        kind: 'interaction',
        interactionId: interaction.id,
        subject: 'Registrace do akci',
        body: 'note:\n    alergie\n',
      }),
    );
    await h.relay.relayOnce();
    await (await h.queues.email.getJob(`outbox-${msg.id}`))!.waitUntilFinished(h.events.email, 15_000);
    const [mail] = await h.sink.waitFor(1);
    expect(mail!.subject).toBe('Registrace do akci');
    expect(mail!.text).toContain('note:\n    alergie');
    expect(mail!.from?.value).toEqual([{ name: 'Auto*Mat', address: 'akce@auto-mat.cz' }]);
    expect((await h.orm.em.fork().findOneOrFail(Interaction, interaction.id)).dispatched).toBe(true);
  });
});
