// Two daemons (real Alice and Bob deciders, in-memory transcripts) and two headless clients (real
// keys, real DLEQ proofs) talk through an in-memory peer bridge up to the point where a chain is
// needed: commit, reveal (verified), the after-reveal checkpoint, Bob's funding request. No chain
// is simulated: the syncer port only records tasks. A tampered reveal is refused and aborts.
import { describe, expect, it } from 'vitest';
import { OutScript } from '@scure/btc-signer';
import { BTC_NETWORKS } from '../../shared/crypto/btc-network';
import { hash160, scriptToAddress } from '../../shared/crypto/btc-swap-txs';
import { secpPublicKey } from '../../shared/crypto/ecdsa-adaptor';
import type { SwapId } from '../../shared/ids';
import type { Deal } from '../../shared/protocol/deal';
import type { DatumRequest } from '../../shared/protocol/datum';
import type { PeerMessage } from '../../shared/protocol/peer-messages';
import type { SwapState } from '../../shared/protocol/state';
import { HeadlessClient, type ClientWallet } from '../client/headless-client';
import { MemoryMemoStore } from '../client/client-memo';
import { inProcessSignerWithSeed } from '../client/swap-signer';
import { arbitratingChecks } from '../../shared/protocol/checks/arbitrating-checks';
import type { SyncerTask } from './daemon-ports';
import { swapDecider } from '../../shared/protocol/swap-decider';
import { SwapDaemon } from './swap-daemon';
import { MemoryTranscript } from '../../rigs/peers/toy-decider.helpers';

const SWAP = '00112233445566778899aabbccddeeff' as SwapId;
const chain = { network: BTC_NETWORKS['litecoin-regtest'] };
const deal = (role: 'alice' | 'bob'): Deal => ({
  swapId: SWAP,
  role,
  btcAmount: '1000000',
  xmrAmount: '1000000000000',
  cancelTimelock: 10,
  punishTimelock: 20,
  finalityBtc: 1,
  finalityXmr: 1,
  safety: 3,
});
const addressOf = (i: number) => scriptToAddress(OutScript.encode({ type: 'wpkh', hash: hash160(secpPublicKey(new Uint8Array(32).fill(i))) }), chain.network);
const wallet = (addr: string): ClientWallet => ({
  btcAddress: async () => addr,
  xmrDestination: async () => '4' + 'A'.repeat(94),
  xmrHeight: async () => 200,
  fundingVout: async () => ({ ok: true, value: 0 }),
});

function party(role: 'alice' | 'bob', seedByte: number, tamper?: (m: PeerMessage) => PeerMessage) {
  const decider = swapDecider();
  const transcript = new MemoryTranscript<SwapState>(decider);
  const tasks: SyncerTask[] = [];
  const requests: DatumRequest[] = [];
  const client = new HeadlessClient({
    signer: inProcessSignerWithSeed(new Uint8Array(32).fill(seedByte)),
    chain,
    wallet: wallet(addressOf(seedByte + 100)),
    memo: new MemoryMemoStore(),
  });
  let peerDaemon: SwapDaemon<SwapState> | null = null;
  const inflight: Promise<unknown>[] = [];
  const daemon: SwapDaemon<SwapState> = new SwapDaemon<SwapState>({
    decider,
    transcript,
    syncers: { send: (t) => tasks.push(t) },
    peer: { send: (id, m) => void inflight.push(Promise.resolve().then(() => peerDaemon!.onPeerMessage(id, tamper ? tamper(m) : m))) },
    client: {
      request: (id, r) => {
        requests.push(r);
        inflight.push(
          client.handle(id, r).then((d) => {
            if (!d.ok) throw new Error(d.error.message);
            if (d.value) return daemon.onClientDatum(id, d.value);
            return undefined;
          }),
        );
      },
      notify: () => undefined,
    },
    arbitrating: arbitratingChecks(chain),
  });
  return { daemon, client, transcript, tasks, requests, inflight, link: (other: SwapDaemon<SwapState>) => (peerDaemon = other) };
}

async function settle(...ps: Array<{ inflight: Promise<unknown>[] }>) {
  for (let i = 0; i < 50; i++) {
    const all = ps.flatMap((p) => p.inflight.splice(0));
    if (all.length === 0) return;
    await Promise.all(all);
  }
}

describe('two daemons, real deciders and clients, up to funding', () => {
  it('commit/reveal with verified DLEQ proofs reaches the after-reveal checkpoint and Bob is asked to fund', async () => {
    const alice = party('alice', 1);
    const bob = party('bob', 2);
    alice.link(bob.daemon);
    bob.link(alice.daemon);
    await alice.client.register(deal('alice'));
    await bob.client.register(deal('bob'));
    const a = await alice.daemon.createSwap(deal('alice'), null);
    const b = await bob.daemon.createSwap(deal('bob'), null);
    expect(a.ok && b.ok).toBe(true);
    await settle(alice, bob);
    const fund = bob.requests.find((r) => r.kind === 'fund');
    expect(fund && fund.kind === 'fund' && BigInt(fund.amount) > 1_000_000n).toBe(true);
    expect(bob.tasks.some((t) => t.task.kind === 'watch-address' && t.task.id.endsWith(':funding'))).toBe(true);
    for (const p of [alice, bob]) {
      const entries = p.transcript.logs.get(SWAP)!.entries;
      expect(entries.some((e) => e.kind === 'checkpoint' && e.name === 'after-reveal')).toBe(true);
      expect(entries.some((e) => e.kind === 'peer-verdict')).toBe(false);
      const rec = await p.transcript.recover(SWAP);
      expect(rec.ok && rec.value.record).toEqual(p.daemon.actor(SWAP)!.record);
    }
    expect(alice.requests.some((r) => r.kind === 'peer-params')).toBe(true);
  }, 60_000);

  it('a reveal whose DLEQ proof was tampered with becomes peer-invalid and the swap aborts on both sides before any lock', async () => {
    const flip = (m: PeerMessage): PeerMessage => (m.type === 'reveal-bob' ? { ...m, proof: (m.proof[0] === 'a' ? 'b' : 'a') + m.proof.slice(1) } : m);
    const alice = party('alice', 3);
    const bob = party('bob', 4, flip);
    alice.link(bob.daemon);
    bob.link(alice.daemon);
    await alice.client.register(deal('alice'));
    await bob.client.register(deal('bob'));
    await alice.daemon.createSwap(deal('alice'), null);
    await bob.daemon.createSwap(deal('bob'), null);
    await settle(alice, bob);
    const entries = alice.transcript.logs.get(SWAP)!.entries;
    const v = entries.find((e) => e.kind === 'peer-verdict');
    expect(v && v.kind === 'peer-verdict' && v.verdict.msgType).toBe('reveal-bob');
    expect(alice.daemon.actor(SWAP)!.outcome).toBe('aborted');
    expect(bob.daemon.actor(SWAP)!.outcome).toBe('aborted');
    // Bob may already have shown his funding address (he verified Alice's reveal); he never broadcasts.
    expect(bob.tasks.some((t) => t.task.kind === 'broadcast')).toBe(false);
    expect(alice.requests.some((r) => r.kind === 'sign-refund-procedure')).toBe(false);
  }, 60_000);
});
