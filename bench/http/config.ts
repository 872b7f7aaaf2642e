/** Settings shared by `bench:seed` and `bench:http`; the database can be moved with BENCH_HTTP_DATABASE_URL. */
export const BENCH_USER = 'bench-admin';
export const BENCH_MEMBER = 'bench-member';
export const BENCH_PASSWORD = 'bench-admin-password-1';

export function benchDatabaseUrl(): string {
  return process.env.BENCH_HTTP_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/klub_bench_http';
}
