import { KeyholeError } from '../../../../shared/errors';

const TIMEOUT_MS = 10_000;

/** A request that must answer 2xx with the new value in a header; redirects are not followed. */
export async function httpAccepts(check: { url: string; header: string; prefix: string }, value: string): Promise<{ ok: boolean; status: number }> {
  try {
    const response = await fetch(check.url, {
      headers: { [check.header]: `${check.prefix}${value}` },
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await response.body?.cancel();
    return { ok: response.status >= 200 && response.status < 300, status: response.status };
  } catch {
    throw new KeyholeError('UNAVAILABLE', { detail: 'http-validator' });
  }
}
