// How the headless client fails: closed error kinds, and a signer refusal carried out of an answer
// (thrown) so the answer stops there and is reported as `client-signer` with what to do.
import { appError, err, type AppError, type Result } from '../../shared/result';
import type { SwapSignerError } from './swap-signer';

/** client-signer: the signer refused or could not answer (locked keychain, dead process, policy). */
export type ClientErrorKind = 'client-unknown-swap' | 'client-invalid' | 'client-wallet' | 'client-signer';
export type ClientError = AppError<ClientErrorKind>;
export const fail = (kind: ClientErrorKind, message: string): Result<never, ClientError> => err(appError(kind, message));

/** A signer refusal, thrown out of an answer and reported as `client-signer`. */
export class SignerRefusal extends Error {
  constructor(
    readonly step: string,
    readonly refusal: SwapSignerError,
  ) {
    super(`${step}: ${refusal.kind}: ${refusal.message}`);
  }
}

const SIGNER_HINTS: Partial<Record<string, string>> = {
  'keychain-locked': 'unlock the OS keychain; the daemon asks again',
  'keychain-unavailable': 'start a Secret Service (see README, Troubleshooting)',
  timeout: 'the keychain did not answer; unlock it and the daemon asks again',
  'signer-exited': 'restart the signer process; the daemon asks again',
  'signer-not-running': 'start the signer process; the daemon asks again',
};

/** The signer's answer, or a SignerRefusal naming the step. */
export async function need<T>(step: string, r: Promise<Result<T, SwapSignerError>>): Promise<T> {
  const v = await r;
  if (!v.ok) throw new SignerRefusal(step, v.error);
  return v.value;
}

/** A read of the person's node or wallet (a height, an address) that failed: thrown so the answer stops, reported as `client-wallet`. */
export class NodeReadFailed extends Error {
  constructor(
    readonly what: string,
    cause: unknown,
  ) {
    super(`${what}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/** The value of a node or wallet read, or a NodeReadFailed naming it (a slow monerod is asked again, not taken as a bad input). */
export async function nodeRead<T>(what: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e) {
    throw new NodeReadFailed(what, e);
  }
}

/**
 * A node that did not answer (a fetch timed out or was refused): the request may succeed later, so
 * it is `client-wallet` (asked again), not `client-invalid` (nothing wrong with the input).
 */
export function isNodeUnreachable(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return true;
  const code = (e as { cause?: { code?: unknown } }).cause?.code;
  return e.message === 'fetch failed' || (typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|UND_ERR_)/.test(code));
}

/** What an answer that threw becomes: a signer refusal with its hint, a node that did not answer, anything else a refused input. */
export function failureOf(requestKind: string, e: unknown): Result<never, ClientError> {
  if (e instanceof SignerRefusal) {
    const hint = SIGNER_HINTS[e.refusal.kind];
    return fail('client-signer', `${requestKind}: the signer refused ${e.step} (${e.refusal.kind}: ${e.refusal.message})${hint ? `; ${hint}` : ''}`);
  }
  if (e instanceof NodeReadFailed) return fail('client-wallet', `${requestKind}: ${e.message}; asked again`);
  if (isNodeUnreachable(e)) return fail('client-wallet', `${requestKind}: a node did not answer (${(e as Error).message}); asked again`);
  return fail('client-invalid', `${requestKind}: ${e instanceof Error ? e.message : String(e)}`);
}
