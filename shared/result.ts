// Errors as values at every boundary (IPC, peer, syncer, file): a closed `kind` the caller can
// switch on, and a message a person can act on. Throwing is reserved for bugs.

export type Result<T, E = AppError> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export interface AppError<K extends string = string> {
  readonly kind: K;
  readonly message: string;
}

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });
export const appError = <K extends string>(kind: K, message: string): AppError<K> => ({ kind, message });
