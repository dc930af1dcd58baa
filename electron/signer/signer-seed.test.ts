// The signer's seed requests with the in-memory keychain: the words only on an explicit confirm, a
// restore only into an empty keychain (or over another seed when asked), the restored wallet derives
// the same keys, bad words are refused by position, and no word reaches a log line.
import { describe, expect, it } from 'vitest';
import { SwapIdSchema } from '../../shared/ids';
import { KEYCHAIN_SERVICE, SEED_ACCOUNT } from '../keychain/keychain-port';
import { createMemoryKeychain, type MemoryKeychain } from '../keychain/memory-keychain';
import { createSignerCore } from './signer-core';
import { RESPONSE_VALUE_SCHEMAS, type SignerLogLine } from './signer-protocol';

const SWAP = SwapIdSchema.parse('0123456789abcdef0123456789abcdef');

function harness(keychain: MemoryKeychain = createMemoryKeychain()) {
  const logs: SignerLogLine[] = [];
  const core = createSignerCore({ keychain, log: (l) => logs.push(l) });
  let id = 0;
  const call = async (body: { kind: keyof typeof RESPONSE_VALUE_SCHEMAS } & Record<string, unknown>) => {
    const r = (await core.handle({ id: ++id, body })).result;
    if (r.ok) expect(RESPONSE_VALUE_SCHEMAS[body.kind].safeParse(r.value).success).toBe(true);
    return r;
  };
  const value = async (body: Parameters<typeof call>[0]) => {
    const r = await call(body);
    if (!r.ok) throw new Error(`expected ok, got ${r.error.kind}: ${r.error.message}`);
    return r.value as Record<string, unknown>;
  };
  const kind = async (body: Parameters<typeof call>[0]) => {
    const r = await call(body);
    return r.ok ? 'ok' : r.error.kind;
  };
  return { keychain, logs, call, value, kind };
}

/** What a wallet is, as far as the outside sees: its fingerprint, its Nostr key and one swap's keys for each role. */
async function identity(h: ReturnType<typeof harness>) {
  return {
    status: (await h.value({ kind: 'status' })).seedFingerprint,
    nostr: await h.value({ kind: 'nostr-public-key' }),
    alice: await h.value({ kind: 'public-keys', swapId: SWAP, role: 'alice' }),
    bob: await h.value({ kind: 'public-keys', swapId: SWAP, role: 'bob' }),
  };
}

describe('signer core: the seed as words', () => {
  it('gives the 24 words only with confirm: true', async () => {
    const h = harness();
    expect(await h.kind({ kind: 'seed-words' })).toBe('bad-request');
    expect(await h.kind({ kind: 'seed-words', confirm: false })).toBe('bad-request');
    const w = await h.value({ kind: 'seed-words', confirm: true });
    expect((w.words as string[]).length).toBe(24);
  });

  it('a wallet restored from the words on an empty keychain is the same wallet (fingerprint, Nostr key, swap keys)', async () => {
    const before = harness();
    const was = await identity(before);
    const words = ((await before.value({ kind: 'seed-words', confirm: true })).words as string[]).join(' ');
    const kc = createMemoryKeychain();
    const after = harness(kc);
    // Pasted the way people paste: numbered lines, upper case, extra spaces (numbers are not words, so they are dropped first).
    const pasted = words.toUpperCase().split(' ').map((w, i) => `  ${w}${i % 6 === 5 ? '\n' : '\t'}`).join('');
    const r = await after.value({ kind: 'seed-restore', words: pasted, replace: false });
    expect(r).toEqual({ seedFingerprint: was.status, outcome: 'written' });
    expect(await identity(after)).toEqual(was);
    expect((await after.value({ kind: 'status' })).seedCreated).toBe(false);
    expect(kc.calls.set).toBe(1);
  });

  it('never overwrites another seed without replace; with replace the next requests use the restored seed', async () => {
    const source = harness();
    const wanted = await identity(source);
    const words = ((await source.value({ kind: 'seed-words', confirm: true })).words as string[]).join(' ');
    const h = harness();
    const own = await identity(h); // this signer created its own seed at its first request
    expect(own.status).not.toBe(wanted.status);
    expect(await h.kind({ kind: 'seed-restore', words, replace: false })).toBe('seed-exists');
    expect(await identity(h)).toEqual(own);
    expect((await h.value({ kind: 'seed-restore', words, replace: true })).outcome).toBe('replaced');
    expect(await identity(h)).toEqual(wanted);
    expect((await h.value({ kind: 'seed-restore', words, replace: false })).outcome).toBe('same');
  });

  it.each([
    ['one word short', (w: string[]) => w.slice(1), 'mnemonic-length'],
    ['a word not in the list', (w: string[]) => w.map((x, i) => (i === 6 ? 'bitcoinz' : x)), 'mnemonic-word'],
    ['two words swapped', (w: string[]) => [w[1]!, w[0]!, ...w.slice(2)], 'mnemonic-checksum'],
  ])('refuses %s, writes nothing and echoes no word', async (_name, spoil, kind) => {
    const words = ['abandon', 'ability', 'able', 'about', 'above', 'absent', 'absorb', 'abstract', 'absurd', 'abuse', 'access', 'accident', 'account', 'accuse', 'achieve', 'acid', 'acoustic', 'acquire', 'across', 'act', 'action', 'actor', 'actress', 'actual'];
    const h = harness();
    const r = await h.call({ kind: 'seed-restore', words: spoil(words).join(' '), replace: true });
    expect(r.ok ? 'ok' : r.error.kind).toBe(kind);
    if (!r.ok && kind === 'mnemonic-word') expect(r.error.message).toContain('Word 7');
    if (!r.ok) for (const w of words.slice(0, 8)) expect(r.error.message.toLowerCase().split(/\W+/)).not.toContain(w);
    expect(h.keychain.calls.set).toBe(0);
  });

  it('no log line carries a word of the seed', async () => {
    const h = harness();
    const words = (await h.value({ kind: 'seed-words', confirm: true })).words as string[];
    await h.value({ kind: 'seed-restore', words: words.join(' '), replace: false });
    const stored = await h.keychain.get(KEYCHAIN_SERVICE, SEED_ACCOUNT);
    const logged = JSON.stringify(h.logs);
    expect(h.logs.map((l) => l.event)).toEqual(expect.arrayContaining(['seed-words-shown', 'seed-restore-same']));
    expect(logged.includes(stored.ok ? stored.value : 'x')).toBe(false);
    // Log text shares English words with BIP39 ("seed", "event", "level"): what must never be there is any
    // two of the phrase's words in their order.
    const tokens = ` ${logged.toLowerCase().split(/\W+/).join(' ')} `;
    for (let i = 0; i + 1 < words.length; i++) expect(tokens).not.toContain(` ${words[i]} ${words[i + 1]} `);
  });
});
