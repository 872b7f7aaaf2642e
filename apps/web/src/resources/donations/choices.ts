import type { RouterOutputs } from '@klub/api/router';

type Channel = RouterOutputs['admin']['donorPaymentChannels']['retrieve'];

/** The frequencies of a regular donation, in the API's words (domain.md §3.3). */
export const FREQUENCIES = ['monthly', 'quaterly', 'biannually', 'annually'] as const satisfies readonly NonNullable<Channel['regular_frequency']>[];
