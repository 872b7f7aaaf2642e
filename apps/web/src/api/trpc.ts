import { QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { createTRPCContext, createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import type { AppRouter } from '@klub/api/router';
import { currentLanguage } from '../i18n/index.js';
import { csrfToken } from './csrf.js';

/** Typed hooks over the API's own router type: the app declares no API types of its own. */
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export type ApiError = TRPCClientError<AppRouter>;

export function isApiError(error: unknown): error is ApiError {
  return error instanceof TRPCClientError;
}

/** The HTTP status the API answered (403 for "signed out" and "not allowed", api.md §2). */
export function statusOf(error: unknown): number | undefined {
  return isApiError(error) ? error.data?.httpStatus : undefined;
}

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // A refusal or a missing record will not change on retry.
        retry: (count, error) => (statusOf(error) ?? 500) >= 500 && count < 2,
        refetchOnWindowFocus: false,
      },
    },
  });
}

export function makeTrpcClient() {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${window.location.origin}/trpc`,
        headers: () => {
          const token = csrfToken();
          return { 'Accept-Language': currentLanguage(), ...(token ? { 'X-CSRFToken': token } : {}) };
        },
        fetch: (url, init) => fetch(url, { ...init, credentials: 'same-origin' }),
      }),
    ],
  });
}

export type TrpcClient = ReturnType<typeof makeTrpcClient>;

export function makeTrpc(client: TrpcClient, queryClient: QueryClient) {
  return createTRPCOptionsProxy<AppRouter>({ client, queryClient });
}

export type Trpc = ReturnType<typeof makeTrpc>;
