// "The daemon never holds a private key": two daemons (real deciders, real on-disk transcript stores)
// whose headless clients sign through REAL signer processes (keytar against a private gnome-keyring)
// answer a swap's datum requests; the rest of the signing requests are answered by the same clients.
// Then, with the seed read back from the keyring and every swap secret derived from it in the test:
// none of them is in the host's reachable object graph (clients, daemons), in any file the host
// wrote (transcripts, checkpoints, client memos), or in any datum sent to the daemons; and the host
// process never loaded keytar or libsecret (the keychain exists only in the signer processes).
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../shared/hex';
import type { Txid } from '../../shared/ids';
import type { ClientDatum, DatumRequest } from '../../shared/protocol/datum';
import type { RevealAlice, RevealBob } from '../../shared/protocol/peer-messages';
import type { SwapState } from '../../shared/protocol/state';
import { arbitratingChecks } from '../../shared/protocol/checks/arbitrating-checks';
import { parseSwapState, swapDecider } from '../../shared/protocol/swap-decider';
import { StoreTranscript } from '../daemon/store-transcript';
import { SwapDaemon } from '../daemon/swap-daemon';
import { KEYCHAIN_SERVICE, SEED_ACCOUNT } from '../keychain/keychain-port';
import { secretServiceMissingReason, startPrivateSecretService, type PrivateSecretService } from '../keychain/private-secret-service';
import { runKeychainChild } from '../../rigs/keychain/run-keychain-child';
import { deriveSwapSecrets, masterSeedFromEntropy } from '../signer/key-source';
import { createSignerClient, type SignerClient } from '../signer/signer-client';
import { forkSignerProcess } from '../signer/signer-transport';
import { err, ok } from '../../shared/result';
import { FileMemoStore } from './client-memo';
import { HeadlessClient } from './headless-client';
import { addr, as, chain, deal, SWAP } from '../../rigs/client/headless-client.helpers';
import { signerProcessSigner } from './swap-signer';

const missing = secretServiceMissingReason();
if (missing) console.log(`no-private-key.itest: skipped, ${missing}`);

/** Everything reachable from `roots`, as JSON: bigint, bytes (hex), Map, Set, cycles handled. */
function serializeGraph(roots: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(roots, (_k, v: unknown) => {
    if (typeof v === 'bigint') return `${v}n`;
    if (v instanceof Uint8Array) return toHex(v);
    if (typeof v === 'object' && v !== null) {
      if (seen.has(v)) return '[seen]';
      seen.add(v);
      if (v instanceof Map) return { map: [...v.entries()] };
      if (v instanceof Set) return { set: [...v.values()] };
    }
    return v;
  });
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const p = join(e.parentPath, e.name);
    if (e.isFile() && (await stat(p)).size < 50_000_000) out.push(p);
  }
  return out;
}

describe.skipIf(missing !== null)('the daemon side never holds a private key', () => {
  // One keyring (and so one seed) per party: a swap's BTC keys depend on seed and swap, not on role.
  const svcs: Record<'alice' | 'bob', PrivateSecretService | undefined> = { alice: undefined, bob: undefined };
  let work: string;
  const signers: SignerClient[] = [];
  const stores: StoreTranscript<SwapState>[] = [];

  beforeAll(async () => {
    svcs.alice = await startPrivateSecretService({ unlock: true });
    svcs.bob = await startPrivateSecretService({ unlock: true });
    work = await mkdtemp(join(tmpdir(), 'fc-no-key-'));
  }, 60_000);
  afterAll(async () => {
    for (const s of signers) await s.stop();
    for (const s of stores) await s.close();
    await svcs.alice?.stop();
    await svcs.bob?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  async function party(role: 'alice' | 'bob', i: number) {
    const env = svcs[role]!.env;
    const signer = createSignerClient({ requestTimeoutMs: 30_000, spawn: () => forkSignerProcess({ env, keychainTimeoutMs: 5_000 }) });
    signers.push(signer);
    const started = await signer.start();
    if (!started.ok) throw new Error(started.error.message);
    // The first request creates the seed in this party's keyring.
    const status = await signer.request({ kind: 'status' });
    if (!status.ok) throw new Error(status.error.message);
    const decider = swapDecider();
    const t = await StoreTranscript.open<SwapState>(join(work, role, 'daemon'), decider, (raw) => {
      const r = parseSwapState(raw);
      return r.ok ? ok(r.value) : err(r.error);
    });
    if (!t.ok) throw new Error(t.error.message);
    stores.push(t.value);
    const client = new HeadlessClient({
      signer: signerProcessSigner(signer),
      chain,
      memo: new FileMemoStore(join(work, role, 'client')),
      wallet: { btcAddress: async () => addr(i + 50), xmrDestination: async () => 'dest', xmrHeight: async () => 321, fundingVout: async () => ok(1) },
    });
    const requests: DatumRequest[] = [];
    const datums: ClientDatum[] = [];
    const inflight: Promise<unknown>[] = [];
    let peer: SwapDaemon<SwapState> | null = null;
    const daemon: SwapDaemon<SwapState> = new SwapDaemon<SwapState>({
      decider,
      transcript: t.value,
      syncers: { send: () => undefined },
      peer: { send: (id, m) => void inflight.push(Promise.resolve().then(() => peer!.onPeerMessage(id, m))) },
      client: {
        request: (id, r) => {
          requests.push(r);
          inflight.push(
            client.handle(id, r).then((d) => {
              if (!d.ok) throw new Error(d.error.message);
              if (!d.value) return undefined;
              datums.push(d.value);
              return daemon.onClientDatum(id, d.value);
            }),
          );
        },
        notify: () => undefined,
      },
      arbitrating: arbitratingChecks(chain),
    });
    /** A datum request answered outside the daemon (it would need a chain to ask): recorded the same way. */
    const answer = async (req: DatumRequest) => {
      const d = await client.handle(SWAP, req);
      if (!d.ok) throw new Error(d.error.message);
      if (d.value) datums.push(d.value);
      return d.value;
    };
    return { signer, daemon, client, requests, datums, inflight, answer, link: (d: SwapDaemon<SwapState>) => (peer = d) };
  }

  it('no swap secret in the host memory graph, files on disk or datums; no keychain code in the host', async () => {
    const alice = await party('alice', 7);
    const bob = await party('bob', 8);
    alice.link(bob.daemon);
    bob.link(alice.daemon);
    await alice.client.register(deal('alice'));
    await bob.client.register(deal('bob'));
    expect((await alice.daemon.createSwap(deal('alice'), null)).ok).toBe(true);
    expect((await bob.daemon.createSwap(deal('bob'), null)).ok).toBe(true);
    // Durable appends finish on their own schedule: wait for Bob's funding request, not for a turn count.
    const deadline = Date.now() + 60_000;
    while (!bob.requests.some((r) => r.kind === 'fund') && Date.now() < deadline) {
      await Promise.all([alice, bob].flatMap((p) => p.inflight.splice(0)));
      await new Promise((r) => setTimeout(r, 50));
    }
    await Promise.all([alice, bob].flatMap((p) => p.inflight.splice(0)));
    // The daemons ran commit/reveal (DLEQ proofs from the signers) up to Bob's funding request.
    expect(bob.requests.map((r) => r.kind)).toContain('fund');
    const ap = as(alice.datums.find((d) => d.kind === 'alice-session-params') ?? null, 'alice-session-params');
    const bp = as(bob.datums.find((d) => d.kind === 'bob-session-params') ?? null, 'bob-session-params');

    // Every signing request of the swap, through the signer processes.
    const setup = as(await bob.answer({ kind: 'core-arbitrating-transactions', fundingTxid: 'cd'.repeat(32) as Txid, amount: bp.funding.amount }), 'core-arbitrating-transactions');
    const rp = as(
      await alice.answer({ kind: 'sign-refund-procedure', setup: { type: 'core-arbitrating-setup', swapId: SWAP, lock: setup.lock.hex, cancel: setup.cancel.hex, refund: setup.refund.hex, cancelSig: setup.cancelSig } }),
      'refund-procedure',
    );
    const lock = as(
      await bob.answer({ kind: 'sign-arbitrating-lock', refundSigs: { type: 'refund-procedure-signatures', swapId: SWAP, cancelSig: rp.cancelSig, refundAdaptorSig: rp.refundAdaptorSig } }),
      'signed-arbitrating-lock',
    );
    const buy = as(await alice.answer({ kind: 'sign-buy', buySig: { type: 'buy-procedure-signature', swapId: SWAP, buy: lock.buy.hex, buyAdaptorSig: lock.buyAdaptorSig } }), 'fully-signed-buy');
    const bobSweep = as(await bob.answer({ kind: 'recover-accordant', from: 'buy', txHex: buy.buySigned.hex }), 'accordant-sweep');
    as(await alice.answer({ kind: 'recover-accordant', from: 'refund', txHex: lock.refundSigned.hex }), 'accordant-sweep');

    // The secrets, derived here from each party's seed read back from its keyring.
    const secrets: Uint8Array[] = [];
    for (const role of ['alice', 'bob'] as const) {
      const stored = await runKeychainChild(svcs[role]!.env, 5_000, [{ op: 'get', service: KEYCHAIN_SERVICE, account: SEED_ACCOUNT }]);
      const seedHex = stored[0]?.value;
      if (typeof seedHex !== 'string') throw new Error(`${role}'s seed not readable from the keyring`);
      const seed = fromHex(seedHex);
      const master = masterSeedFromEntropy(seed);
      const s = deriveSwapSecrets(master, SWAP, role);
      secrets.push(seed, master, ...Object.values(s.btc), s.xmrSpend, s.adaptorSecret);
      // Sanity: these are the keys the swap used (the reveal carries their public halves).
      expect(toHex(s.adaptorPublic)).toBe((role === 'alice' ? ap : bp).reveal.adaptor);
    }
    expect(secrets.length).toBe(2 * (2 + 4 + 2));
    const needles = secrets.flatMap((b) => [toHex(b), Buffer.from(b).toString('base64'), Buffer.from(b).toString('hex').toUpperCase()]);
    const clean = (where: string, text: string) => {
      for (const n of needles) expect(text.includes(n), `a secret (${n.slice(0, 6)}…) in ${where}`).toBe(false);
    };

    // 1. Datums sent to the daemons (positive control: they do carry signatures and the sweep key).
    const datums = JSON.stringify([...alice.datums, ...bob.datums]);
    expect(datums).toContain(setup.cancelSig);
    expect(datums).toContain(bobSweep.spendKey);
    clean('a datum', datums);

    // 2. The host's reachable memory: both clients and both daemons (positive control: the public
    //    keys the clients cached and the reveals the daemons hold are in the serialization).
    const graph = serializeGraph({ clients: [alice.client, bob.client], daemons: [alice.daemon, bob.daemon], requests: [alice.requests, bob.requests] });
    expect(graph).toContain((ap.reveal as RevealAlice).punish);
    expect(graph).toContain((bp.reveal as RevealBob).spend);
    expect(graph.length).toBeGreaterThan(100_000); // the DLEQ proofs are in it
    clean('the host object graph', graph);
    // Control of the detector itself: a secret held in a reachable Map as bytes would be found.
    expect(serializeGraph({ held: new Map([['k', secrets[2]]]) })).toContain(toHex(secrets[2]!));

    // 3. Every file the host wrote: transcripts, checkpoints, index, client memos (raw bytes too).
    const files = await filesUnder(work);
    expect(files.some((f) => f.endsWith('.fct'))).toBe(true);
    expect(files.some((f) => f.includes(`${join('client', SWAP)}.json`))).toBe(true);
    let sawReveal = false;
    for (const f of files) {
      const bytes = await readFile(f);
      const text = bytes.toString('latin1');
      sawReveal ||= text.includes(ap.reveal.adaptor);
      clean(f, text);
      for (const b of secrets) expect(bytes.includes(Buffer.from(b)), `raw secret bytes in ${f}`).toBe(false);
    }
    expect(sawReveal).toBe(true);

    // 4. The host process never loaded the keychain code; the signer processes did.
    const maps = (pid: number | 'self') => readFileSync(`/proc/${pid}/maps`, 'utf8');
    const keychainLib = /keytar\.node|libsecret-1\.so/;
    expect(maps(alice.signer.pid!)).toMatch(keychainLib);
    expect(maps('self')).not.toMatch(keychainLib);
  }, 240_000);
});
