import { z } from 'zod';

/** The Darujme.cz pledge as far as the sync reads it (jobs.md §7); unknown keys are ignored. */
const ZMoney = z.object({ cents: z.number(), currency: z.string().optional() });
export const ZDarujmeTransaction = z.object({
  transactionId: z.union([z.number(), z.string()]).transform(String),
  state: z.string(),
  sentAmount: ZMoney.nullable().optional(),
  receivedAt: z.string().nullable().optional(),
});
export const ZDarujmePledge = z.object({
  pledgeId: z.union([z.number(), z.string()]).transform(String),
  isRecurrent: z.boolean().default(false),
  pledgedAmount: ZMoney,
  pledgedAt: z.string(),
  lastTransactionExpectedOn: z.string().nullable().optional(),
  customFields: z.record(z.string(), z.unknown()).nullable().optional(),
  donor: z.object({
    firstName: z.string().nullable().optional(),
    lastName: z.string().nullable().optional(),
    email: z.string().nullable().optional(),
    phone: z.string().nullable().optional(),
    address: z
      .object({
        street: z.string().nullable().optional(),
        city: z.string().nullable().optional(),
        postCode: z.string().nullable().optional(),
        country: z.string().nullable().optional(),
      })
      .nullable()
      .optional(),
  }),
  transactions: z.array(ZDarujmeTransaction).default([]),
});
export const ZDarujmeResponse = z.object({ pledges: z.array(ZDarujmePledge) });

export type DarujmePledge = z.infer<typeof ZDarujmePledge>;
export type DarujmeTransaction = z.infer<typeof ZDarujmeTransaction>;
export type DarujmeResponse = z.infer<typeof ZDarujmeResponse>;

/** The credentials of one api money account. */
export interface DarujmeAccount {
  apiOrganizationId: number;
  apiId: number;
  apiSecret: string;
  projectId: number;
  /** `fromPledgedDate` filter (YYYY-MM-DD), used by the "paid section" check (jobs.md §5.3). */
  fromPledgedDate?: string;
}

export class DarujmeHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The Darujme.cz pledges API, behind an interface so tests and callers can swap it. */
export interface DarujmeClient {
  /** Pledges of one project; rejects with DarujmeHttpError on a non-200 answer. */
  pledges(account: DarujmeAccount): Promise<DarujmePledge[]>;
}

/** `GET {base}organization/{org}/pledges-by-filter/?apiId=…&apiSecret=…&projectId=…` over fetch. */
export class HttpDarujmeClient implements DarujmeClient {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 30_000,
  ) {}

  async pledges(account: DarujmeAccount): Promise<DarujmePledge[]> {
    const base = this.baseUrl.endsWith('/') ? this.baseUrl : `${this.baseUrl}/`;
    const url = new URL(`organization/${account.apiOrganizationId}/pledges-by-filter/`, base);
    url.searchParams.set('apiId', String(account.apiId));
    url.searchParams.set('apiSecret', account.apiSecret);
    url.searchParams.set('projectId', String(account.projectId));
    if (account.fromPledgedDate) url.searchParams.set('fromPledgedDate', account.fromPledgedDate);
    const res = await fetch(url, {
      signal: AbortSignal.timeout(this.timeoutMs),
      headers: { accept: 'application/json' },
    });
    if (res.status !== 200) {
      throw new DarujmeHttpError(
        res.status,
        `Darujme answered ${res.status} for organization ${account.apiOrganizationId}`,
      );
    }
    const parsed = ZDarujmeResponse.safeParse(await res.json());
    if (!parsed.success) throw new DarujmeHttpError(res.status, `unexpected Darujme response: ${parsed.error.message}`);
    return parsed.data.pledges;
  }
}
