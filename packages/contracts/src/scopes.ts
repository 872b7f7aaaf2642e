/** The OAuth2 scope catalogue of api.md §2.4, in its documented order. */
export const SCOPES = [
  'read',
  'write',
  'can_create_profiles',
  'can_check_if_exist',
  'can_create_interactions',
  'can_check_last_payments',
  'can_create_credit_card_payment',
  'can_view_events',
  'can_view_administrative_units',
  'can_create_userprofile_interaction',
] as const;

export type Scope = (typeof SCOPES)[number];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** Space-separated scope string → list, dropping empty parts; order is kept. */
export function parseScopes(text: string | null | undefined): string[] {
  return (text ?? '').split(/\s+/).filter(Boolean);
}
