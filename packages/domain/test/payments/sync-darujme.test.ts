import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntityManager } from '@mikro-orm/postgresql';
import { makeEvent, makeMoneyAccount, makeUnit } from '@klub/db/testing';
import { darujmeDate, HttpDarujmeClient, syncDarujme } from '../../src/index.js';
import { execute } from '../../src/sql.js';
import { usePaymentsDatabase } from './db.js';
import { fixture } from './fixtures.js';

/** A local stand-in for www.darujme.cz that answers with the fixture (jobs.md §9). */
function startDarujmeStub(): Promise<{
  server: Server;
  url: string;
  requests: URL[];
  fail: { status: number | null };
}> {
  const requests: URL[] = [];
  const fail = { status: null as number | null };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stub');
    requests.push(url);
    if (fail.status) {
      res.writeHead(fail.status).end('{"error":"nope"}');
      return;
    }
    if (
      url.pathname !== '/api/v1/organization/123/pledges-by-filter/' ||
      url.searchParams.get('apiSecret') !== 's3cret'
    ) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(fixture('darujme_response.json'));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/`, requests, fail }),
    ),
  );
}

describe('syncDarujme (jobs.md §7)', () => {
  const db = usePaymentsDatabase();
  let stub: Awaited<ReturnType<typeof startDarujmeStub>>;
  beforeAll(async () => {
    stub = await startDarujmeStub();
  });
  afterAll(async () => {
    await new Promise((r) => stub.server.close(r));
  });

  async function setup(em: EntityManager) {
    const unit = await makeUnit(em);
    const event = await makeEvent(em, { administrativeUnits: [unit] });
    const account = await makeMoneyAccount(em, {
      kind: 'api',
      administrativeUnit: unit,
      bankAccountNumber: null,
      projectName: `Darujme ${unit.id}`,
      projectId: 22222,
      apiId: 7,
      apiSecret: 's3cret',
      apiOrganizationId: 123,
      event,
    });
    return { unit, event, account };
  }

  const counts = async (em: EntityManager) =>
    (
      await execute<Array<Record<string, string>>>(
        em,
        `select (select count(*) from profile) as profiles, (select count(*) from profile_email) as emails,
                (select count(*) from telephone) as phones, (select count(*) from donor_payment_channel) as channels,
                (select count(*) from payment) as payments, (select count(*) from account_statement) as statements`,
      )
    )[0];

  it('imports the fixture: 2 donors, their channels and 3 payments; three runs change nothing', async () => {
    const em = db.orm().em.fork();
    const { unit, event, account } = await setup(em);
    const client = new HttpDarujmeClient(stub.url);
    const [first] = await syncDarujme(em.fork(), client);
    expect(first).toMatchObject({ moneyAccountId: account.id, pledges: 3, donors: 2, newPayments: 3 });
    expect(stub.requests[0]!.searchParams.get('apiId')).toBe('7');
    expect(stub.requests[0]!.searchParams.get('projectId')).toBe('22222');
    for (let run = 0; run < 2; run++) {
      const [again] = await syncDarujme(em.fork(), client);
      expect(again).toMatchObject({ donors: 2, newPayments: 0, accountStatementId: null });
    }
    expect(await counts(em)).toEqual({
      profiles: '2',
      emails: '2',
      phones: '2',
      channels: '2',
      payments: '3',
      statements: '1',
    });

    const people = await execute<Array<Record<string, unknown>>>(
      em,
      `select p.first_name, p.last_name, p.street, p.city, p.zip_code, p.country, pe.email, t.telephone, t.is_primary,
              c.regular_frequency, c.regular_payments, c.regular_amount, c.expected_date_of_first_payment::text as first,
              c.end_of_regular_payments::text as "end", c.money_account_id, c.event_id, c.vs,
              (select array_agg(u.administrative_unit_id) from profile_administrative_units u where u.profile_id = p.id) as units
         from profile p join profile_email pe on pe.user_id = p.id join telephone t on t.user_id = p.id
         join donor_payment_channel c on c.user_id = p.id order by pe.email`,
    );
    expect(people).toEqual([
      {
        first_name: 'Testerek',
        last_name: 'Teme',
        street: 'i dont want to',
        city: '',
        zip_code: '',
        country: 'Česká republika',
        email: 'big@tester.com',
        telephone: '999888777',
        is_primary: null,
        regular_frequency: null,
        regular_payments: 'onetime',
        regular_amount: 1900,
        first: '2012-11-22',
        end: null,
        money_account_id: account.id,
        event_id: event.id,
        vs: expect.stringMatching(/^\d{10}$/),
        units: [unit.id],
      },
      {
        first_name: 'Real',
        last_name: 'One',
        street: 'My Home',
        city: 'In city',
        zip_code: '999',
        country: 'Slovenská republika',
        email: 'real@one.com',
        telephone: '777888999',
        is_primary: null,
        regular_frequency: 'monthly',
        regular_payments: 'regular',
        regular_amount: 2000,
        first: '2012-11-30',
        end: '2014-11-30',
        money_account_id: account.id,
        event_id: event.id,
        vs: expect.stringMatching(/^\d{10}$/),
        units: [unit.id],
      },
    ]);
    const payments = await execute<Array<Record<string, unknown>>>(
      em,
      `select p.date::text as date, p.amount, p.ss, p.operation_id, p.type, p.account_name, p.user_identification,
              pe.email as paired_to, s.type as statement_type
         from payment p join donor_payment_channel c on c.id = p.user_donor_payment_channel_id
         join profile_email pe on pe.user_id = c.user_id join account_statement s on s.id = p.account_statement_id
        order by p.operation_id`,
    );
    expect(payments).toEqual([
      {
        date: '2013-12-16',
        amount: 500,
        ss: '2',
        operation_id: '12',
        type: 'darujme',
        account_name: 'Real One',
        user_identification: 'Real@one.com',
        paired_to: 'real@one.com',
        statement_type: 'darujme',
      },
      {
        date: '2014-01-16',
        amount: 500,
        ss: '2',
        operation_id: '13',
        type: 'darujme',
        account_name: 'Real One',
        user_identification: 'Real@one.com',
        paired_to: 'real@one.com',
        statement_type: 'darujme',
      },
      {
        date: '2014-01-16',
        amount: 500,
        ss: '3',
        operation_id: '15',
        type: 'darujme',
        account_name: 'Testerek Teme',
        user_identification: 'big@tester.com',
        paired_to: 'big@tester.com',
        statement_type: 'darujme',
      },
    ]);
  });

  it('fills only the empty fields of a donor who already exists', async () => {
    const em = db.orm().em.fork();
    await setup(em);
    await execute(
      em,
      `insert into profile (kind, username, first_name, last_name, street, country, created, updated, date_joined)
                       values ('user', 'real', 'Skutečný', '', 'Old street', '', now(), now(), now())`,
    );
    await execute(
      em,
      `insert into profile_email (email, is_primary, user_id) select 'real@one.com', true, id from profile where username = 'real'`,
    );
    await syncDarujme(em.fork(), new HttpDarujmeClient(stub.url));
    const [row] = await execute<Array<Record<string, string>>>(
      em,
      `select first_name, last_name, street, city, country from profile where username = 'real'`,
    );
    expect(row).toEqual({
      first_name: 'Skutečný',
      last_name: 'One',
      street: 'Old street',
      city: 'In city',
      country: 'Slovenská republika',
    });
  });

  it('skips an account whose API call fails and reports it', async () => {
    const em = db.orm().em.fork();
    const { account } = await setup(em);
    stub.fail.status = 500;
    try {
      const errors: number[] = [];
      const [result] = await syncDarujme(em.fork(), new HttpDarujmeClient(stub.url), {
        onAccountError: (id) => errors.push(id),
      });
      expect(result).toMatchObject({
        moneyAccountId: account.id,
        newPayments: 0,
        error: expect.stringContaining('500'),
      });
      expect(errors).toEqual([account.id]);
      expect((await counts(em))!.payments).toBe('0');
    } finally {
      stub.fail.status = null;
    }
  });

  it('reads single-digit months of receivedAt as written', () => {
    expect(darujmeDate('2014-1-16T00:00:00+01:00')).toBe('2014-01-16');
    expect(darujmeDate('2013-12-16T23:30:00-05:00')).toBe('2013-12-16');
  });
});
