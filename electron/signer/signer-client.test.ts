// The signer client over an in-process transport (the real signer core, memory keychain): every
// request resolves to an answer or a typed error, whether the signer answers, dies, stalls or lies.
import { describe, expect, it } from 'vitest';
import { SwapIdSchema } from '../../shared/ids';
import { createMemoryKeychain } from '../keychain/memory-keychain';
import { createSignerClient } from './signer-client';
import { createSignerCore } from './signer-core';
import { SIGNER_HELLO } from './signer-protocol';
import type { SignerExit, SignerTransport } from './signer-transport';

const SWAP = SwapIdSchema.parse('0123456789abcdef0123456789abcdef');

type Behaviour = 'answer' | 'silent' | 'lie';

/** A transport whose "process" is the signer core in this process; `die()` mimics kill -9. */
function inProcessTransport(behaviour: { mode: Behaviour }, keychain = createMemoryKeychain()) {
  const core = createSignerCore({ keychain });
  let onMsg: (m: unknown) => void = () => {};
  let onExit: (e: SignerExit) => void = () => {};
  let alive = true;
  const t: SignerTransport & { die(): void } = {
    pid: 4242,
    send(m) {
      if (!alive) return false;
      if (behaviour.mode === 'silent') return true;
      void core.handle(m).then((res) => {
        if (!alive) return;
        onMsg(behaviour.mode === 'lie' && res.result.ok ? { ...res, result: { ok: true, value: { seedFingerprint: 'zz' } } } : res);
      });
      return true;
    },
    onMessage(cb) {
      onMsg = cb;
      queueMicrotask(() => cb(SIGNER_HELLO));
    },
    onExit(cb) {
      onExit = cb;
    },
    disconnect() {
      t.die();
    },
    kill() {
      t.die();
    },
    die() {
      if (!alive) return;
      alive = false;
      queueMicrotask(() => onExit({ code: null, signal: 'SIGKILL' }));
    },
  };
  return t;
}

describe('signer client', () => {
  it('refuses requests before start, then answers with schema-checked values', async () => {
    const client = createSignerClient({ spawn: () => inProcessTransport({ mode: 'answer' }) });
    const before = await client.request({ kind: 'status' });
    expect(before.ok ? 'ok' : before.error.kind).toBe('signer-not-running');
    expect((await client.start()).ok).toBe(true);
    const keys = await client.request({ kind: 'public-keys', swapId: SWAP, role: 'bob' });
    expect(keys.ok && keys.value.role).toBe('bob');
    const refused = await client.request({ kind: 'sign', swapId: SWAP, role: 'bob', request: { action: 'sign-cancel', digest: 'ab'.repeat(32) } });
    expect(refused.ok ? 'ok' : refused.error.kind).toBe('not-approved');
    await client.stop();
  });

  it('a signer that dies mid-request gives signer-exited to every pending request, and restart recovers', async () => {
    const behaviour = { mode: 'silent' as Behaviour };
    const keychain = createMemoryKeychain();
    let last: ReturnType<typeof inProcessTransport> | undefined;
    const client = createSignerClient({ spawn: () => (last = inProcessTransport(behaviour, keychain)) });
    await client.start();
    const a = client.request({ kind: 'status' });
    const b = client.request({ kind: 'public-keys', swapId: SWAP, role: 'alice' });
    last!.die();
    expect((await Promise.all([a, b])).map((r) => (r.ok ? 'ok' : r.error.kind))).toEqual(['signer-exited', 'signer-exited']);
    const after = await client.request({ kind: 'status' });
    expect(after.ok ? 'ok' : after.error.kind).toBe('signer-not-running');
    behaviour.mode = 'answer';
    expect((await client.restart()).ok).toBe(true);
    const status = await client.request({ kind: 'status' });
    expect(status.ok).toBe(true);
    await client.stop();
  });

  it('a silent signer gives signer-timeout', async () => {
    const client = createSignerClient({ spawn: () => inProcessTransport({ mode: 'silent' }), requestTimeoutMs: 50 });
    await client.start();
    const r = await client.request({ kind: 'status' });
    expect(r.ok ? 'ok' : r.error.kind).toBe('signer-timeout');
    await client.stop();
  });

  it('an answer that fails its schema is bad-response, never passed on', async () => {
    const client = createSignerClient({ spawn: () => inProcessTransport({ mode: 'lie' }) });
    await client.start();
    const r = await client.request({ kind: 'status' });
    expect(r.ok ? 'ok' : r.error.kind).toBe('bad-response');
    await client.stop();
  });
});
