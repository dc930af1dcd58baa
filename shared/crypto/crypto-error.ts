// The closed set of ways a crypto input can be refused, returned as values at every boundary.
// Invariant: a refused input never yields a partial result; callers switch on `kind` only.
import { appError, err, type AppError, type Result } from '../result';

export type CryptoErrorKind =
  | 'bad-length' // wrong byte length or size field
  | 'bad-encoding' // not hex / not base58 / not bech32 / malformed structure
  | 'bad-checksum' // address or encoding checksum mismatch
  | 'bad-point' // not a valid curve point (or identity where forbidden)
  | 'bad-scalar' // scalar zero, not reduced, or out of the allowed range
  | 'mismatch' // well-formed, but does not belong to the other inputs (wrong key, wrong signature)
  | 'template'; // a transaction does not match the protocol template

export type CryptoError = AppError<CryptoErrorKind>;
export type CryptoResult<T> = Result<T, CryptoError>;

export const fail = (kind: CryptoErrorKind, message: string): CryptoResult<never> => err(appError(kind, message));
