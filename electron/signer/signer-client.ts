// The client's handle on the signer process: starts it, correlates requests and responses by id,
// validates every answer, and turns a dead or silent signer into a typed error (then restartable).
// Guards: a pending request always resolves (answer, timeout or exit), never hangs or throws.
import { appError, err, ok, type AppError, type Result } from '../../shared/result';
import type { SignerTransport, SpawnSigner } from './signer-transport';
import {
  RESPONSE_VALUE_SCHEMAS,
  ResponseEnvelopeSchema,
  SignerHelloSchema,
  type ResponseEnvelope,
  type SignerErrorKind,
  type SignerRequest,
  type SignerRequestKind,
  type SignerValue,
} from './signer-protocol';

/**
 * signer-exited: the process died (crash, kill -9) before answering; restart() and retry.
 * signer-timeout: no answer in time (the request may still complete inside the signer).
 * signer-not-running: start() was not called, or the process has exited since.
 * bad-response: the signer's answer failed its schema (treated as a fault, never used).
 */
export type SignerClientErrorKind = 'signer-exited' | 'signer-timeout' | 'signer-not-running' | 'bad-response';
export type SignerClientError = AppError<SignerClientErrorKind | SignerErrorKind>;

export interface SignerClientOptions {
  readonly spawn: SpawnSigner;
  /** Must exceed the keychain bound: a first run does up to four keychain calls. */
  readonly requestTimeoutMs?: number;
  readonly startTimeoutMs?: number;
}

export interface SignerClient {
  start(): Promise<Result<void, SignerClientError>>;
  request<K extends SignerRequestKind>(body: Extract<SignerRequest, { kind: K }>): Promise<Result<SignerValue<K>, SignerClientError>>;
  /** Stop the current process (if any) and start a fresh one. */
  restart(): Promise<Result<void, SignerClientError>>;
  stop(): Promise<void>;
  readonly pid: number | undefined;
}

/**
 * A signer answer as a typed Result: a refusal keeps the signer's error kind, a success must pass the
 * strict schema of its request kind. Shared by the process client and the in-process signer, so both
 * accept exactly the same answers.
 */
export function decodeAnswer<K extends SignerRequestKind>(kind: K, result: ResponseEnvelope['result']): Result<SignerValue<K>, SignerClientError> {
  if (!result.ok) return err(appError(result.error.kind, result.error.message));
  const value = RESPONSE_VALUE_SCHEMAS[kind].safeParse(result.value);
  return value.success ? ok(value.data as SignerValue<K>) : err(appError('bad-response', `signer answer to ${kind} failed its schema`));
}

interface Pending {
  readonly kind: SignerRequestKind;
  readonly resolve: (r: Result<unknown, SignerClientError>) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

/** Requests in flight, by id: each resolves exactly once (answer, timeout, exit or closed channel). */
function pendingRequests(requestTimeoutMs: number) {
  const pending = new Map<number, Pending>();
  let nextId = 1;

  const settle = (id: number, r: Result<unknown, SignerClientError>) => {
    const p = pending.get(id);
    if (!p) return; // late answer after a timeout or exit: already reported
    pending.delete(id);
    clearTimeout(p.timer);
    p.resolve(r);
  };

  return {
    /** An answer from the process: validated against its request's schema, then settled. */
    onMessage(raw: unknown) {
      if (SignerHelloSchema.safeParse(raw).success) return;
      const env = ResponseEnvelopeSchema.safeParse(raw);
      if (!env.success || env.data.id === null) return; // unattributable: nobody to answer
      const { id, result } = env.data;
      const p = pending.get(id);
      if (!p) return;
      settle(id, decodeAnswer(p.kind, result));
    },
    /** The process is gone: every request in flight gets `why`. */
    failAll(why: string) {
      for (const id of [...pending.keys()]) settle(id, err(appError('signer-exited', why)));
    },
    send<K extends SignerRequestKind>(transport: SignerTransport, body: Extract<SignerRequest, { kind: K }>): Promise<Result<SignerValue<K>, SignerClientError>> {
      const id = nextId++;
      return new Promise((resolve) => {
        const timer = setTimeout(() => settle(id, err(appError('signer-timeout', `signer did not answer ${body.kind} within ${requestTimeoutMs} ms`))), requestTimeoutMs);
        pending.set(id, { kind: body.kind, resolve: resolve as Pending['resolve'], timer });
        if (!transport.send({ id, body })) settle(id, err(appError('signer-exited', 'signer channel is closed')));
      });
    },
  };
}

export function createSignerClient(opts: SignerClientOptions): SignerClient {
  const requestTimeoutMs = opts.requestTimeoutMs ?? 30_000;
  const startTimeoutMs = opts.startTimeoutMs ?? 20_000;
  let current: { transport: SignerTransport; exited: Promise<void>; ready: boolean } | undefined;
  const pending = pendingRequests(requestTimeoutMs);

  const start = (): Promise<Result<void, SignerClientError>> => {
    if (current) return Promise.resolve(ok(undefined));
    const transport = opts.spawn();
    let markExited!: () => void;
    const exited = new Promise<void>((r) => (markExited = r));
    const mine = { transport, exited, ready: false };
    current = mine;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        transport.kill('SIGKILL');
        resolve(err(appError('signer-timeout', `signer process did not start within ${startTimeoutMs} ms`)));
      }, startTimeoutMs);
      transport.onMessage((raw) => {
        if (!mine.ready && SignerHelloSchema.safeParse(raw).success) {
          mine.ready = true;
          clearTimeout(timer);
          resolve(ok(undefined));
        }
        pending.onMessage(raw);
      });
      transport.onExit(({ code, signal }) => {
        clearTimeout(timer);
        if (current === mine) current = undefined;
        const why = `signer process exited (code ${code}, signal ${signal})`;
        pending.failAll(why);
        resolve(err(appError('signer-exited', why))); // no-op when already started
        markExited();
      });
    });
  };

  const stop = async () => {
    const c = current;
    if (!c) return;
    c.transport.disconnect();
    // A signer stuck in a libsecret call cannot exit until D-Bus gives up (~25 s): do not wait for it.
    const hard = setTimeout(() => c.transport.kill('SIGKILL'), 1_000);
    await c.exited;
    clearTimeout(hard);
  };

  return {
    start,
    stop,
    async restart() {
      await stop();
      return start();
    },
    get pid() {
      return current?.transport.pid;
    },
    request(body) {
      const c = current;
      if (!c?.ready) return Promise.resolve(err(appError('signer-not-running', 'signer process is not running: start() or restart() it')));
      return pending.send(c.transport, body);
    },
  };
}
