import { describe, expect, it } from 'vitest';
import type { AnyProcedure } from '@trpc/server';
import { appRouter } from '../../src/routers/index.js';
import type { Meta } from '../../src/trpc/init.js';

/**
 * api.md §16 as `METHOD path policy` lines: the contract every REST client relies on. The
 * implementation must serve each of them with exactly this policy.
 */
const SPEC = `
POST /o/token/ PUBLIC
POST /token/ PUBLIC
POST /token/refresh/ PUBLIC
GET /event/ PUBLIC
GET /event/{id}/ PUBLIC
GET /administrative_unit/ PUBLIC
GET /interaction-type/ PUBLIC
POST /register_userprofile/ PUBLIC
POST /reset_password_email/ PUBLIC
POST /reset_password_email_confirm/{uid}/{token}/ PUBLIC
GET /check_last_payment/ USER
GET /frontend/ PUBLIC
GET /frontend/whoami USER
POST /frontend/whoami USER
PATCH /frontend/whoami USER
GET /frontend/events/ PUBLIC
POST /frontend/events/ SU/ORG-PERM
GET /frontend/events/{id}/ PUBLIC
GET /frontend/organized_events/ USER
GET /frontend/organized_events/{id}/ USER
PUT /frontend/organized_events/{id}/ USER
PATCH /frontend/organized_events/{id}/ USER
DELETE /frontend/organized_events/{id}/ USER
GET /frontend/my_events/ USER
POST /frontend/my_events/ USER
GET /frontend/my_events/{id}/ USER
PUT /frontend/my_events/{id}/ USER
PATCH /frontend/my_events/{id}/ USER
DELETE /frontend/my_events/{id}/ USER
GET /frontend/attendees/ TEAM
POST /frontend/attendees/ TEAM
GET /frontend/attendees/{id}/ TEAM
DELETE /frontend/attendees/{id}/ TEAM
GET /frontend/event_orgteam/ TEAM
POST /frontend/event_orgteam/ TEAM
GET /frontend/event_orgteam/{id}/ TEAM
DELETE /frontend/event_orgteam/{id}/ TEAM
GET /frontend/event_organization_position/ PUBLIC
GET /frontend/event_organization_position/{id}/ PUBLIC
GET /frontend/event-type/ ORG
GET /frontend/event-type/{id}/ ORG
GET /frontend/locations/ ORG
POST /frontend/locations/ ORG
GET /frontend/locations/{id}/ ORG
PUT /frontend/locations/{id}/ ORG
PATCH /frontend/locations/{id}/ ORG
DELETE /frontend/locations/{id}/ ORG
GET /frontend/users/ ORG
GET /frontend/users/{id}/ ORG
GET /frontend/edit_userprofile/{id}/ ORG
PUT /frontend/edit_userprofile/{id}/ ORG
PATCH /frontend/edit_userprofile/{id}/ ORG
POST /sign_up_for_event/ SCOPE(can_create_userprofile_interaction)+USER
POST /volunteer/ SCOPE(can_create_userprofile_interaction)+USER
POST /apply_for_membership/ SCOPE(can_create_userprofile_interaction)+USER
GET /check_event/{slug}/ SCOPE(can_check_if_exist)+STAFF
GET /check_moneyaccount/{slug}/ SCOPE(can_check_if_exist)+STAFF
POST /userprofile/vs/ SCOPE(can_create_profiles)+STAFF
POST /companyprofile/vs/ SCOPE(can_create_profiles)+STAFF
POST /check_last_payments/ SCOPE(can_check_last_payments)+STAFF
POST /interaction/ SCOPE(can_create_interactions)+STAFF
POST /create_credit_card_payment/ SCOPE(can_create_credit_card_payment)+STAFF
GET /pdf_storage/{related_id}/list/ USER
GET /pdf_storage/pdf_file/{id}/ USER
GET /pdf_storage/all_related_ids/ USER
`
  .trim()
  .split('\n');

/** Served beyond §16: ours (operations.md §3, issue 5 additions) and the admin API. */
const EXTRA = /^(POST \/auth\/(login|logout)\/ |GET \/frontend\/my_interactions\/ |GET \/frontend\/tax_confirmations\/(\{id\}\/download\/)? |(PUT|PATCH) \/frontend\/event_orgteam\/\{id\}\/ TEAM|\w+ \/admin\/)/;

function implemented(): string[] {
  return Object.values(appRouter._def.procedures as unknown as Record<string, AnyProcedure>).flatMap((p) => {
    const meta = p._def.meta as Meta | undefined;
    return meta?.openapi ? [`${meta.openapi.method} ${meta.openapi.path} ${meta.policy}`] : [];
  });
}

describe('route table (api.md §16, STYLE.md §2.4)', () => {
  it('serves every endpoint of api.md §16 with its policy', () => {
    const have = new Set(implemented());
    const missing = SPEC.filter((line) => !have.has(line));
    expect(missing).toEqual([]);
  });

  it('serves nothing beyond §16 but the documented additions', () => {
    const spec = new Set(SPEC);
    const unexpected = implemented().filter((line) => !spec.has(line) && !EXTRA.test(line));
    expect(unexpected).toEqual([]);
  });

  it('gives every procedure a REST path and a policy', () => {
    for (const [name, p] of Object.entries(appRouter._def.procedures as unknown as Record<string, AnyProcedure>)) {
      const meta = p._def.meta as Meta | undefined;
      expect(meta?.policy, name).toBeTruthy();
      expect(meta?.openapi?.path, name).toMatch(/^\//);
    }
  });
});
