import type { EventArgs, EventSubscriber } from '@mikro-orm/core';
import { Profile } from './entities/Profile.js';
import { ProfileEmail } from './entities/ProfileEmail.js';

type WithEmail = { email?: string | null };

/**
 * E-mail is the identity key of every get-or-create endpoint and is compared lower-cased
 * (domain.md §2.1.3, §2.2): whatever writes through the unit of work stores it trimmed and
 * lower-cased, and profile.email keeps NULL (never `''`) for "none".
 */
export class NormalizeEmails implements EventSubscriber {
  getSubscribedEntities() {
    return [Profile, ProfileEmail];
  }

  beforeCreate(args: EventArgs<WithEmail>): void {
    normalize(args.entity);
  }

  beforeUpdate(args: EventArgs<WithEmail>): void {
    normalize(args.entity);
  }
}

function normalize(entity: WithEmail): void {
  if (entity.email == null) return;
  const email = entity.email.trim().toLowerCase();
  entity.email = email === '' ? null : email;
}
