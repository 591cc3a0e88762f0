// Sizes of a benchmark run from the BENCH_* environment variables of `npm run bench` (read
// through the `bench-env` server command: the page has no process.env), e.g.
// `BENCH_SOAK_CALLS=50 npm run bench -- bench/soak.bench.ts`.
import { executeServerCommand } from '@web/test-runner-commands';

let env: Promise<Record<string, string>> | undefined;

/** The number in the BENCH_* variable `name`, or `fallback` when it is unset or not a number ≥ 0. */
export async function benchNumber(name: string, fallback: number): Promise<number> {
  env ??= executeServerCommand('bench-env').then((e) => (e ?? {}) as Record<string, string>);
  const raw = (await env)[name];
  const value = Number(raw);
  return raw !== undefined && raw !== '' && Number.isFinite(value) && value >= 0 ? value : fallback;
}
