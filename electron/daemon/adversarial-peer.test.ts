// Adversarial counterparty (issue 8): each case is a malicious Alice or Bob whose daemon and client
// are real but who tampers with one message on the wire (or whose client builds with other terms, or
// who replays, reorders, injects or goes silent). The honest side runs the real deciders, verifier,
// headless client and signer over a scripted chain (rigs/peers/adversarial-peer.helpers.ts).
// Every case checks the observable outcome (outcome note, broadcasts, what the chain saw, what the
// honest signer signed) and that the bad input changed nothing but a recorded verdict.
import { describe, expect, it, vi } from 'vitest';
import { secpPublicKey } from '../../shared/crypto/ecdsa-adaptor';
import { fromHex, toHex } from '../../shared/hex';
import type { PeerMessage, RevealAlice, RevealBob } from '../../shared/protocol/peer-messages';
import type { TranscriptEntry } from '../../shared/protocol/transcript';
import { Transaction } from '@scure/btc-signer';
import { buildBuy, serializeUnsigned, swapSighash } from '../../shared/crypto/btc-swap-txs';
import { commitOf } from '../../shared/protocol/reveal-commitment';
import { swapBtcParams } from '../../shared/protocol/swap-btc-params';
import { appError, err, ok } from '../../shared/result';
import { inProcessSignerWithSeed } from '../client/swap-signer';
import { addressOf, chain, checks, deal, OTHER_SWAP, SEED, SWAP, World, type Delivery, type Party, type Role, type WorldOptions } from '../../rigs/peers/adversarial-peer.helpers';

// The DLEQ proof (64 KB) and its verification dominate the run time; both are pure functions, so
// they are memoized across cases: every distinct proof is still really made and really verified once.
// `dleq.verifyCalls` counts what the daemon asked for (a resent reveal must not cost a verification).
const dleq = vi.hoisted(() => ({ verifyCalls: 0 }));
vi.mock('../../shared/crypto/cross-group-dleq', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../shared/crypto/cross-group-dleq')>();
  const key = (...xs: Uint8Array[]) => xs.map((x) => Buffer.from(x).toString('hex')).join('|');
  const proofs = new Map<string, ReturnType<typeof real.dleqProve>>();
  const verdicts = new Map<string, ReturnType<typeof real.dleqVerify>>();
  return {
    ...real,
    dleqProve: (s: Uint8Array) => {
      const k = key(s);
      if (!proofs.has(k)) proofs.set(k, real.dleqProve(s));
      return proofs.get(k)!;
    },
    dleqVerify: (p: Uint8Array, st: { ed25519: Uint8Array; secp256k1: Uint8Array }) => {
      dleq.verifyCalls++;
      const k = key(p, st.ed25519, st.secp256k1);
      if (!verdicts.has(k)) verdicts.set(k, real.dleqVerify(p, st));
      return verdicts.get(k)!;
    },
  };
});

type Msg<T extends PeerMessage['type']> = Extract<PeerMessage, { type: T }>;
const typeOf = (m: unknown) => (m as { type?: string }).type;
/** Change one hex digit in the middle: same length, same schema, different bytes. */
const flip = (h: string, at = Math.floor(h.length / 2)) => h.slice(0, at) + (h[at] === '0' ? '1' : '0') + h.slice(at + 1);
/** Rewrite only messages of one type; everything else goes on the wire untouched. */
const on =
  <T extends PeerMessage['type']>(type: T, f: (m: Msg<T>, w: World) => unknown[] | Promise<unknown[]>) =>
  (m: PeerMessage, w: World) =>
    m.type === type ? f(m as Msg<T>, w) : [m];
const keysOf = (p: Party) => {
  const ev = p.record.evidence;
  const all = [ev.ownReveal, ev.peerReveal];
  return { alice: all.find((r) => r?.type === 'reveal-alice') as RevealAlice, bob: all.find((r) => r?.type === 'reveal-bob') as RevealBob };
};
/** A second signer over the malicious side's own seed: signatures the honest protocol would never make. */
const rogueSigner = (role: Role) => ({ signer: inProcessSignerWithSeed(new Uint8Array(32).fill(SEED[role])), ref: { swapId: SWAP, role } });
const must = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

async function world(opts: WorldOptions, blocks = 0): Promise<World> {
  const w = new World(opts);
  await w.start();
  await w.drive(blocks);
  return w;
}

const tamperedTo = (w: World, to: Role): Delivery[] => w.deliveries.filter((d) => d.tampered && d.from !== to);
const firstOf = (w: World, from: Role, type: string) => w.deliveries.find((d) => d.from === from && typeOf(d.msg) === type)!;

/** The bad input was recorded as a verdict and nothing of it was kept: no peer-in, evidence unchanged. */
function expectOnlyVerdict(d: Delivery, to: Party, msgType: string, reason: RegExp): void {
  expect(d.outcome.status).toBe('applied');
  const added = to.entries.filter((e) => e.seq >= d.before.nextSeq && e.seq < d.after.nextSeq);
  expect(added[0]).toMatchObject({ kind: 'peer-verdict', verdict: { kind: 'peer-invalid', msgType } });
  expect(added[0]!.kind === 'peer-verdict' && added[0]!.verdict.reason).toMatch(reason);
  expect(added.some((e) => e.kind === 'peer-in')).toBe(false);
  // Outputs: the abort to the peer, client requests, and at the end the recorded aborts of the standing watches.
  const endAbort = (e: TranscriptEntry) => (e.kind === 'btc-task' || e.kind === 'xmr-task') && e.task.kind === 'abort' && e.cause.by === 'end';
  expect(added.filter((e) => e.dir === 'out').every((e) => (e.kind === 'peer-out' && e.msg.type === 'abort') || e.kind === 'client-request' || endAbort(e))).toBe(true);
  expect({ ...d.after.evidence, peerOut: d.before.evidence.peerOut, clientPending: [] }).toEqual({ ...d.before.evidence, clientPending: [] });
  expect(d.after.evidence.peerOut.slice(d.before.evidence.peerOut.length).every((m) => m.type === 'abort')).toBe(true);
}

/** Before the point of no return a verdict aborts: only `prelock` goes, only the abort places come. */
function expectAbortedByVerdict(d: Delivery, to: Party, msgType: string, reason: RegExp): void {
  expectOnlyVerdict(d, to, msgType, reason);
  const b = d.before.core;
  const a = d.after.core;
  const removed = Object.keys(b.marking).filter((k) => !(k in a.marking));
  const added = Object.keys(a.marking).filter((k) => !(k in b.marking));
  expect(removed).toEqual(['prelock']);
  expect(added.every((k) => k === 'aborting' || k === 'end_abort')).toBe(true);
  for (const k of Object.keys(a.marking)) if (k in b.marking) expect(a.marking[k]).toEqual(b.marking[k]);
  // Reaching the outcome stamps when the swap ended (the story's time); nothing else moves.
  expect(a.endedAt).toEqual(expect.any(Number));
  expect({ ...a, marking: null, seq: 0, endedAt: null }).toEqual({ ...b, marking: null, seq: 0, endedAt: null });
  expect(to.outcome).toBe('aborted');
  expect(to.notes).toContainEqual({ kind: 'outcome', outcome: 'aborted' });
}

/** Whatever reached the honest party after it had ended changed nothing but the sequence number. */
function expectSilentAfterEnd(w: World, to: Party, bad: Delivery): void {
  for (const d of w.deliveries.slice(w.deliveries.indexOf(bad) + 1).filter((x) => x.from !== to.role))
    expect({ ...d.after.core, seq: 0 }).toEqual({ ...d.before.core, seq: 0 });
}

/** After the point of no return a verdict changes nothing at all but the sequence number. */
function expectIgnoredVerdict(d: Delivery, to: Party, msgType: string, reason: RegExp): void {
  expectOnlyVerdict(d, to, msgType, reason);
  expect(d.after.core).toEqual({ ...d.before.core, seq: d.before.core.seq + 1 });
}

const SIGNING = ['sign-cancel', 'sign-refund', 'sign-punish', 'sign-buy', 'sign-lock', 'adaptor-sign-refund', 'adaptor-sign-buy', 'decrypt-refund', 'decrypt-buy', 'hold-peer-cancel'];

describe('adversarial Bob before any lock: honest Alice aborts, never signs, nothing is locked', () => {
  const cases: Array<{ name: string; opts: WorldOptions; msgType: string; reason: RegExp }> = [
    { name: 'setup with a smaller lock amount (consistently re-signed)', opts: { clientDeal: { bob: { btcAmount: '900000' } } }, msgType: 'core-arbitrating-setup', reason: /setup rejected: lock: output 900000 sat, expected 1000000/ },
    { name: 'setup with another cancel timelock', opts: { clientDeal: { bob: { cancelTimelock: 5 } } }, msgType: 'core-arbitrating-setup', reason: /setup rejected: cancel: nSequence 5, expected 10/ },
    { name: 'setup with another punish timelock', opts: { clientDeal: { bob: { punishTimelock: 15 } } }, msgType: 'core-arbitrating-setup', reason: /setup rejected: cancel: output script is not the agreed destination/ },
    { name: 'setup priced at another fee rate (consistently re-signed; pitfall 11.2 #11)', opts: { clientDeal: { bob: { feeRateSatPerKvB: 4000 } } }, msgType: 'core-arbitrating-setup', reason: /setup rejected: cancel: fee 596 sat does not match the deal's 298 sat/ },
    { name: 'setup whose cancel signature does not verify', opts: { tamper: { from: 'bob', fn: on('core-arbitrating-setup', (m) => [{ ...m, cancelSig: flip(m.cancelSig, 100) }]) } }, msgType: 'core-arbitrating-setup', reason: /Bob's cancel signature does not verify/ },
    { name: 'reveal carrying a valid DLEQ proof of other keys (Alice\'s)', opts: { tamper: { from: 'bob', fn: on('reveal-bob', (m, w) => [{ ...m, proof: w.alice.record.evidence.ownReveal!.proof }]) } }, msgType: 'reveal-bob', reason: /DLEQ proof does not bind/ },
    { name: 'reveal whose buy key does not open the commit', opts: { tamper: { from: 'bob', fn: on('reveal-bob', (m) => [{ ...m, buy: toHex(secpPublicKey(new Uint8Array(32).fill(77))) }]) } }, msgType: 'reveal-bob', reason: /commitment to buy does not match/ },
    {
      name: 'commit and reveal that alias the adaptor point with the buy key, consistently (pitfall 11.2 #13)',
      opts: {
        tamper: {
          from: 'bob',
          fn: (m, w) => {
            const own = w.bob.record.evidence.ownReveal as RevealBob;
            const aliased: RevealBob = { ...own, buy: own.adaptor };
            return m.type === 'commit-bob' ? [commitOf(aliased)] : m.type === 'reveal-bob' ? [aliased] : [m];
          },
        },
      },
      msgType: 'reveal-bob',
      reason: /the adaptor point repeats another key/,
    },
    { name: 'setup naming another swap', opts: { tamper: { from: 'bob', fn: on('core-arbitrating-setup', (m) => [{ ...m, swapId: OTHER_SWAP }]) } }, msgType: 'core-arbitrating-setup', reason: /another swap/ },
    { name: "commit of Alice's type", opts: { tamper: { from: 'bob', fn: on('commit-bob', (m) => [{ ...m, type: 'commit-alice', punish: m.buy }]) } }, msgType: 'commit-alice', reason: /alice never receives commit-alice/ },
  ];
  for (const c of cases)
    it(c.name, async () => {
      const w = await world(c.opts, 3);
      const bad = c.opts.tamper ? tamperedTo(w, 'alice').filter((d) => typeOf(d.msg) === c.msgType) : [firstOf(w, 'bob', c.msgType)];
      expect(bad).toHaveLength(1);
      expectAbortedByVerdict(bad[0]!, w.alice, c.msgType, c.reason);
      expect(w.alice.verdicts()[0]!.msgType).toBe(c.msgType);
      expectSilentAfterEnd(w, w.alice, bad[0]!);
      // Nothing signed left Alice's client, she was never asked to lock XMR, nothing reached a chain.
      expect(w.alice.signed.filter((s) => SIGNING.includes(s.action))).toEqual([]);
      expect(w.alice.requests.map((r) => r.kind)).not.toContain('lock-xmr');
      expect(w.chain.xmr).toEqual([]);
      expect(w.chain.broadcasts).toEqual([]);
      // Alice's abort reaches Bob, who ends before his lock too.
      expect(w.bob.outcome).toBe('aborted');
    }, 120_000);
});

/** Alice's rogue refund adaptor signature: her real refund key, encrypted to her own point Ta instead of Tb. */
async function refundSigToWrongPoint(m: Msg<'refund-procedure-signatures'>, w: World): Promise<unknown[]> {
  const keys = keysOf(w.alice);
  const c = must(checks.checkSetup(w.alice.record.evidence.setup!, keys, deal('alice')));
  const { signer, ref } = rogueSigner('alice');
  must(await signer.sign(ref, 'sign-cancel', c.cancelSighash));
  const enc = must(await signer.adaptorSign(ref, 'adaptor-sign-refund', c.refundSighash, fromHex(keys.alice.adaptor)));
  return [{ ...m, refundAdaptorSig: toHex(enc) }];
}

describe('adversarial Alice before any lock: honest Bob aborts and never broadcasts his lock', () => {
  const cases: Array<{ name: string; tamper: WorldOptions['tamper'] & object; msgType: string; reason: RegExp; funded: boolean }> = [
    { name: 'refund adaptor signature that does not verify', tamper: { from: 'alice', fn: on('refund-procedure-signatures', (m) => [{ ...m, refundAdaptorSig: flip(m.refundAdaptorSig, 200) }]) }, msgType: 'refund-procedure-signatures', reason: /refund adaptor signature does not verify against Tb/, funded: true },
    { name: 'refund adaptor signature encrypted to the wrong point', tamper: { from: 'alice', fn: on('refund-procedure-signatures', refundSigToWrongPoint) }, msgType: 'refund-procedure-signatures', reason: /refund adaptor signature does not verify against Tb/, funded: true },
    { name: 'cancel signature that does not verify', tamper: { from: 'alice', fn: on('refund-procedure-signatures', (m) => [{ ...m, cancelSig: flip(m.cancelSig, 100) }]) }, msgType: 'refund-procedure-signatures', reason: /Alice's cancel signature does not verify/, funded: true },
    { name: "reveal carrying a valid DLEQ proof of other keys (Bob's)", tamper: { from: 'alice', fn: on('reveal-alice', (m, w) => [{ ...m, proof: w.bob.record.evidence.ownReveal!.proof }]) }, msgType: 'reveal-alice', reason: /DLEQ proof does not bind/, funded: false },
    { name: 'reveal whose adaptor point does not open the commit', tamper: { from: 'alice', fn: on('reveal-alice', (m) => [{ ...m, adaptor: toHex(secpPublicKey(new Uint8Array(32).fill(78))) }]) }, msgType: 'reveal-alice', reason: /commitment to adaptor does not match/, funded: false },
    { name: 'refund signatures naming another swap', tamper: { from: 'alice', fn: on('refund-procedure-signatures', (m) => [{ ...m, swapId: OTHER_SWAP }]) }, msgType: 'refund-procedure-signatures', reason: /another swap/, funded: true },
    {
      name: "refund signatures sent as a message of Bob's type (buy-procedure-signature)",
      tamper: { from: 'alice', fn: on('refund-procedure-signatures', (m, w) => [{ type: 'buy-procedure-signature', swapId: m.swapId, buy: w.alice.record.evidence.setup!.lock, buyAdaptorSig: m.refundAdaptorSig }]) },
      msgType: 'buy-procedure-signature',
      reason: /bob never receives buy-procedure-signature/,
      funded: true,
    },
    {
      name: 'out of order: refund signatures before the setup (injected right after her reveal)',
      tamper: { from: 'alice', fn: on('reveal-alice', (m) => [m, { type: 'refund-procedure-signatures', swapId: SWAP, cancelSig: '11'.repeat(64), refundAdaptorSig: '22'.repeat(162) }]) },
      msgType: 'refund-procedure-signatures',
      reason: /refund signatures before the setup was sent/,
      funded: true,
    },
  ];
  for (const c of cases)
    it(c.name, async () => {
      const w = await world({ tamper: c.tamper }, 3);
      const bad = tamperedTo(w, 'bob');
      expect(bad).toHaveLength(1);
      expectAbortedByVerdict(bad[0]!, w.bob, c.msgType, c.reason);
      expect(w.bob.verdicts()[0]!.msgType).toBe(c.msgType);
      expectSilentAfterEnd(w, w.bob, bad[0]!);
      // Bob never signed or broadcast his lock; if he was already funded, the funding is his to sweep back.
      expect(w.bob.signed.map((s) => s.action)).not.toContain('sign-lock');
      expect(w.bob.signed.map((s) => s.action)).not.toContain('decrypt-refund');
      expect(w.chain.broadcasts).toEqual([]);
      expect(w.bob.requests.some((r) => r.kind === 'sweep-funding')).toBe(c.funded);
      expect(w.bob.requests.some((r) => r.kind === 'fund')).toBe(c.funded);
      expect(w.alice.outcome).toBe('aborted');
      expect(w.chain.xmr).toEqual([]);
    }, 120_000);
});

/** Heights (chain.broadcasts) of the accepted broadcasts of `name`, and the lock's confirmations then. */
function acceptedAt(w: World, name: string): number[] {
  return w.chain.broadcasts.filter((b) => b.name === name && b.error === null).map((b) => b.height);
}

describe('after the lock: the safe path, never funds at risk', () => {
  it('Bob sends a buy adaptor signature that does not verify: Alice never buys, both cancel, Bob refunds, Alice sweeps her XMR back', async () => {
    const w = await world({ tamper: { from: 'bob', fn: on('buy-procedure-signature', (m) => [{ ...m, buyAdaptorSig: flip(m.buyAdaptorSig, 200) }]) } }, 60);
    const bad = tamperedTo(w, 'alice');
    expect(bad).toHaveLength(1);
    expectIgnoredVerdict(bad[0]!, w.alice, 'buy-procedure-signature', /Bob's buy adaptor signature does not verify against Ta/);
    expect(w.alice.requests.map((r) => r.kind)).not.toContain('sign-buy');
    expect(w.alice.signed.map((s) => s.action)).not.toContain('decrypt-buy');
    expect(w.chain.tx('buy')).toBeUndefined();
    expect(w.alice.outcome).toBe('refunded');
    expect(w.bob.outcome).toBe('refunded');
    // Cancel only once the lock is 10 deep; refund pays Bob's address; Alice swept exactly her XMR.
    const lockMined = w.chain.tx('lock')!.height!;
    expect(Math.min(...acceptedAt(w, 'cancel'))).toBe(lockMined + 10 - 1);
    expect(w.chain.broadcasts.filter((b) => b.error !== null)).toEqual([]);
    expect(w.chain.outputs.get(`${w.chain.tx('refund')!.txid}:0`)!.address).toBe(addressOf(SEED.bob + 100));
    expect(w.chain.sweeps).toEqual([{ by: 'alice', address: w.chain.xmr[0]!.address, amount: 1_000_000_000_000n }]);
  }, 120_000);

  it('Bob sends a buy adaptor signature encrypted to the wrong point, then vanishes after cancel: Alice punishes at the punish timelock', async () => {
    const wrongPoint = async (m: Msg<'buy-procedure-signature'>, w: World): Promise<unknown[]> => {
      const keys = keysOf(w.bob);
      const b = must(checks.checkBuy(m.buy, w.bob.record.evidence.setup!, keys, deal('bob')));
      const { signer, ref } = rogueSigner('bob');
      return [{ ...m, buyAdaptorSig: toHex(must(await signer.adaptorSign(ref, 'adaptor-sign-buy', b.buySighash, fromHex(keys.bob.adaptor)))) }];
    };
    const w = await world({ tamper: { from: 'bob', fn: on('buy-procedure-signature', wrongPoint) } });
    await w.drive(30, () => w.chain.tx('cancel') !== undefined);
    w.bob.online = false;
    await w.drive(40, () => w.alice.outcome !== null);
    expectIgnoredVerdict(tamperedTo(w, 'alice')[0]!, w.alice, 'buy-procedure-signature', /does not verify against Ta/);
    expect(w.alice.outcome).toBe('punished');
    expect(w.chain.tx('buy')).toBeUndefined();
    const cancelMined = w.chain.tx('cancel')!.height!;
    expect(acceptedAt(w, 'punish')).toEqual([cancelMined + 20 - 1]);
    expect(w.chain.outputs.get(`${w.chain.tx('punish')!.txid}:0`)!.address).toBe(addressOf(SEED.alice + 100));
  }, 120_000);

  it('Bob sends a buy that pays himself instead of Alice, correctly adaptor-signed: Alice never signs it, both cancel and refund', async () => {
    const payBob = async (m: Msg<'buy-procedure-signature'>, w: World): Promise<unknown[]> => {
      const keys = keysOf(w.bob);
      const p = must(swapBtcParams(deal('bob'), { alice: { ...keys.alice, address: keys.bob.address }, bob: keys.bob }, chain));
      const lockTxid = Transaction.fromRaw(fromHex(w.bob.record.evidence.setup!.lock), { allowUnknownOutputs: true, allowUnknownInputs: true, disableScriptCheck: true }).id;
      const buy = must(buildBuy(p, { txid: lockTxid, vout: 0 }));
      const { signer, ref } = rogueSigner('bob');
      const enc = must(await signer.adaptorSign(ref, 'adaptor-sign-buy', swapSighash(buy), fromHex(keys.alice.adaptor)));
      return [{ ...m, buy: toHex(serializeUnsigned(buy)), buyAdaptorSig: toHex(enc) }];
    };
    const w = await world({ tamper: { from: 'bob', fn: on('buy-procedure-signature', payBob) } }, 60);
    expectIgnoredVerdict(tamperedTo(w, 'alice')[0]!, w.alice, 'buy-procedure-signature', /buy rejected: buy: output script is not the agreed destination/);
    expect(w.alice.requests.map((r) => r.kind)).not.toContain('sign-buy');
    expect(w.chain.tx('buy')).toBeUndefined();
    expect([w.alice.outcome, w.bob.outcome]).toEqual(['refunded', 'refunded']);
    expect(w.chain.sweeps.map((s) => s.by)).toEqual(['alice']);
  }, 120_000);

  it('Alice locks her XMR only once the cancel timelock is reached: Bob never sends his buy signature, cancels and refunds; Alice sweeps back', async () => {
    const w = await world({ xmrPaid: 'held' });
    await w.drive(20, () => (w.chain.confs(w.chain.tx('lock')!.txid) ?? 0) >= 10);
    await w.payHeldXmr();
    await w.drive(40);
    expect(w.sent.bob.map((m) => m.type)).not.toContain('buy-procedure-signature');
    expect([w.alice.outcome, w.bob.outcome]).toEqual(['refunded', 'refunded']);
    expect(w.chain.tx('buy')).toBeUndefined();
    expect(w.chain.sweeps.map((s) => [s.by, s.amount])).toEqual([['alice', 1_000_000_000_000n]]);
  }, 120_000);

  for (const back of [{ at: 19, outcome: 'refunded' }, { at: 20, outcome: 'punished' }] as const)
    it(`Bob vanishes after cancel and returns at cancel confirmation ${back.at}: refund and punish race for the cancel output, both sides end ${back.outcome} (pitfalls 11.2 #6/#7)`, async () => {
      const w = await world({ tamper: { from: 'bob', fn: on('buy-procedure-signature', () => []) } });
      await w.drive(30, () => w.chain.tx('cancel') !== undefined);
      w.bob.online = false;
      await w.drive(30, () => (w.chain.confs(w.chain.tx('cancel')!.txid) ?? 0) >= back.at - 1);
      w.bob.online = true;
      await w.mine(1);
      await w.drive(20);
      expect([w.alice.outcome, w.bob.outcome]).toEqual([back.outcome, back.outcome]);
      // Exactly one spend of the cancel output made it; the loser's broadcast was refused, never retried past the other's win.
      const spends = [...w.chain.txs.values()].filter((t) => t.name === 'refund' || t.name === 'punish').map((t) => t.name);
      expect(spends).toEqual([back.outcome === 'refunded' ? 'refund' : 'punish']);
      const loser = back.outcome === 'refunded' ? 'punish' : 'refund';
      expect(w.chain.broadcasts.filter((b) => b.name === loser).every((b) => b.error === 'txn-mempool-conflict')).toBe(true);
      if (back.outcome === 'refunded') expect(w.chain.sweeps.map((s) => s.by)).toEqual(['alice']);
    }, 120_000);

  it('Alice goes silent after Bob locks: Bob cancels at lock + cancel timelock and refunds once cancel is final', async () => {
    const w = await world({});
    expect(w.chain.tx('lock')).toBeDefined();
    w.alice.online = false;
    await w.drive(40);
    expect(w.bob.outcome).toBe('refunded');
    expect(w.bob.notes).toContainEqual({ kind: 'outcome', outcome: 'refunded' });
    const lockMined = w.chain.tx('lock')!.height!;
    // Bob tried cancel no earlier than allowed (the chain enforces BIP68 and refused nothing).
    expect(w.chain.broadcasts.filter((b) => b.error !== null)).toEqual([]);
    expect(acceptedAt(w, 'cancel')).toEqual([lockMined + 10 - 1]);
    // Refund right when cancel has its first confirmation (finality 1): the refund spends no timelock.
    expect(acceptedAt(w, 'refund')).toEqual([w.chain.tx('cancel')!.height!]);
    expect([...w.chain.txs.values()].map((t) => t.name)).toEqual(['funding', 'lock', 'cancel', 'refund']);
    expect(w.chain.outputs.get(`${w.chain.tx('refund')!.txid}:0`)!.address).toBe(addressOf(SEED.bob + 100));
    expect(w.bob.record.evidence.peerOut.map((m) => m.type)).not.toContain('buy-procedure-signature');
  }, 120_000);

  it('Alice locks less XMR than the deal: Bob never sends his buy signature, cancels and refunds; Alice sweeps her XMR back', async () => {
    const w = await world({ xmrPaid: 'short' }, 60);
    expect(w.sent.bob.map((m) => m.type)).not.toContain('buy-procedure-signature');
    expect(w.bob.outcome).toBe('refunded');
    expect(w.alice.outcome).toBe('refunded');
    expect(w.chain.tx('buy')).toBeUndefined();
    expect(w.chain.sweeps.map((s) => [s.by, s.amount])).toEqual([['alice', 999_999_999_999n]]);
  }, 120_000);

  it('Alice locks more XMR than the deal (pitfall 11.2 #8): Bob sends his buy signature, Alice does not buy but cancels; Bob refunds and Alice sweeps all of it back', async () => {
    const w = await world({ xmrPaid: 'over' }, 60);
    expect(w.sent.bob.map((m) => m.type)).toContain('buy-procedure-signature');
    expect(w.alice.requests.map((r) => r.kind)).not.toContain('sign-buy');
    expect(w.alice.broadcastNames()).toContain('cancel');
    expect([w.alice.outcome, w.bob.outcome]).toEqual(['refunded', 'refunded']);
    expect(w.chain.sweeps.map((s) => [s.by, s.amount])).toEqual([['alice', 1_000_000_000_001n]]);
  }, 120_000);

  it('replayed old messages and a late abort after the lock change nothing; a tampered replay is a verdict that changes nothing; the swap still completes', async () => {
    const w = await world({}, 1);
    expect(w.alice.requests.map((r) => r.kind)).toContain('lock-xmr');
    const n = w.deliveries.length;
    const verifies = dleq.verifyCalls;
    w.replayAll('alice');
    w.replayAll('bob');
    const setup = w.sent.bob.find((m) => m.type === 'core-arbitrating-setup') as Msg<'core-arbitrating-setup'>;
    // An abort past the point of no return is refused on both sides: neither may walk away now.
    w.inject('alice', { type: 'abort', swapId: SWAP });
    w.inject('bob', { type: 'abort', swapId: SWAP });
    w.inject('bob', { ...setup, cancelSig: flip(setup.cancelSig, 100) });
    await w.run();
    // A resent reveal is the one already verified: no new DLEQ verification (seconds of CPU each).
    expect(dleq.verifyCalls).toBe(verifies);
    const replays = w.deliveries.slice(n, -3);
    expect(replays.length).toBe(w.sent.alice.length + w.sent.bob.length);
    for (const d of w.deliveries.slice(-3, -1)) {
      expect(d.outcome).toMatchObject({ status: 'rejected', error: { kind: 'unexpected-input' } });
      expect(d.after).toBe(d.before);
    }
    for (const d of replays) {
      expect(d.repeat).toBe(true);
      expect(d.outcome).toMatchObject({ status: 'rejected', error: { kind: 'unexpected-input' } });
      expect(d.after).toBe(d.before);
    }
    expectIgnoredVerdict(w.deliveries.at(-1)!, w.alice, 'core-arbitrating-setup', /Bob's cancel signature does not verify/);
    await w.drive(20);
    expect([w.alice.outcome, w.bob.outcome]).toEqual(['swapped', 'swapped']);
  }, 120_000);

  it('DLEQ off the thread: the pool\'s verdict is the one taken, a failing pool falls back to in-line verification, a resent reveal is never verified again', async () => {
    const asked: Role[] = [];
    // Alice's pool says no to Bob's honest proof: she must refuse it (in line it would pass), and abort.
    const refusing = await world({ verifyDleq: { alice: async () => (asked.push('alice'), ok(false)) } });
    expectAbortedByVerdict(firstOf(refusing, 'bob', 'reveal-bob'), refusing.alice, 'reveal-bob', /DLEQ proof does not bind/);
    expect(asked).toEqual(['alice']);
    // Bob's pool is broken: he verifies in line and the swap goes on; Alice's pool answers like the real one.
    const real = await vi.importActual<typeof import('../../shared/crypto/cross-group-dleq')>('../../shared/crypto/cross-group-dleq');
    const realDleqVerify = real.dleqVerify;
    const inline = dleq.verifyCalls;
    const w = await world({
      duplicate: true,
      verifyDleq: {
        alice: async (p, st) => (asked.push('alice'), ok(must(realDleqVerify(p, st)))),
        bob: async () => (asked.push('bob'), err(appError('worker-failed', 'DLEQ worker exited (1)'))),
      },
    }, 1);
    await w.drive(20);
    expect([w.alice.outcome, w.bob.outcome]).toEqual(['swapped', 'swapped']);
    // Each reveal arrived twice; each party asked its pool once, and only Bob verified in line.
    expect([...asked].sort()).toEqual(['alice', 'alice', 'bob']);
    expect(dleq.verifyCalls - inline).toBe(1);
  }, 120_000);

  it("out of order (pitfall 11.2 #2, peer side): Bob's valid buy signature before the XMR lock is kept, and Alice still locks XMR first and buys after", async () => {
    const w = await world({});
    expect(w.chain.tx('lock')?.height).toBeNull();
    const lock = w.bob.datums.find((d) => d.kind === 'signed-arbitrating-lock');
    if (lock?.kind !== 'signed-arbitrating-lock') throw new Error('no lock bundle');
    w.inject('bob', { type: 'buy-procedure-signature', swapId: SWAP, buy: lock.buy.hex, buyAdaptorSig: lock.buyAdaptorSig });
    await w.run();
    const early = w.deliveries.at(-1)!;
    expect(early.outcome.status).toBe('applied');
    expect(w.alice.requests.map((r) => r.kind)).not.toContain('sign-buy');
    expect(w.alice.requests.map((r) => r.kind)).not.toContain('lock-xmr');
    await w.drive(20);
    expect([w.alice.outcome, w.bob.outcome]).toEqual(['swapped', 'swapped']);
    const kinds = w.alice.requests.map((r) => r.kind);
    expect(kinds.indexOf('lock-xmr')).toBeLessThan(kinds.indexOf('sign-buy'));
    // Alice's buy went out only after her own syncer reported the XMR lock.
    const at = (f: (e: (typeof w.alice.entries)[number]) => boolean) => w.alice.entries.findIndex(f);
    expect(at((e) => e.kind === 'btc-task' && e.task.kind === 'broadcast' && e.task.id.includes(':buy'))).toBeGreaterThan(at((e) => e.kind === 'xmr-event' && e.event.kind === 'address-tx'));
    // Bob's own buy signature, if his daemon still sent one (it does not once buy is seen), is a no-op duplicate.
    for (const d of w.deliveries.filter((x) => x.from === 'bob' && typeOf(x.msg) === 'buy-procedure-signature').slice(1)) {
      expect(d.outcome.status).toBe('rejected');
      expect(d.after).toBe(d.before);
    }
  }, 120_000);

  it('Bob holds back his valid buy signature until the safe buy window closed (pitfall 11.2 #12): Alice keeps it but never buys; both cancel and refund', async () => {
    const held: PeerMessage[] = [];
    const w = await world({ tamper: { from: 'bob', fn: (m) => (m.type === 'buy-procedure-signature' ? (held.push(m), []) : [m]) } });
    const lockConfs = () => w.chain.confs(w.chain.tx('lock')!.txid) ?? 0;
    await w.drive(20, () => lockConfs() > 10 - 3);
    expect(held).toHaveLength(1);
    w.inject('bob', held[0]!, false);
    await w.run();
    expect(w.deliveries.at(-1)!.outcome.status).toBe('applied');
    await w.drive(40);
    expect(w.alice.requests.map((r) => r.kind)).not.toContain('sign-buy');
    expect(w.chain.tx('buy')).toBeUndefined();
    expect([w.alice.outcome, w.bob.outcome]).toEqual(['refunded', 'refunded']);
    expect(w.chain.sweeps.map((s) => s.by)).toEqual(['alice']);
  }, 120_000);

  it("Bob claims a lock the chain never saw (valid setup and buy signature, lock never relayed): Alice never shows the XMR address and may abort", async () => {
    const w = await world({ dropBroadcast: (by, name) => by === 'bob' && name === 'lock' });
    const lock = w.bob.datums.find((d) => d.kind === 'signed-arbitrating-lock');
    if (lock?.kind !== 'signed-arbitrating-lock') throw new Error('no lock bundle');
    w.inject('bob', { type: 'buy-procedure-signature', swapId: SWAP, buy: lock.buy.hex, buyAdaptorSig: lock.buyAdaptorSig });
    await w.drive(30, () => false);
    expect(w.chain.tx('lock')).toBeUndefined();
    expect(w.alice.requests.map((r) => r.kind)).not.toContain('lock-xmr');
    expect(w.alice.requests.map((r) => r.kind)).not.toContain('sign-buy');
    expect(w.chain.xmr).toEqual([]);
    expect(w.alice.outcome).toBeNull();
    expect((await w.alice.daemon.onClientDatum(SWAP, { kind: 'abort' })).status).toBe('applied');
    expect(w.alice.outcome).toBe('aborted');
  }, 120_000);
});

describe('not a protocol message', () => {
  it('a reveal missing a field is refused before anything is recorded; the setup that follows cannot be verified and Alice aborts before any lock', async () => {
    const w = await world({ tamper: { from: 'bob', fn: on('reveal-bob', (m) => [{ ...m, proof: undefined }]) } });
    const bad = tamperedTo(w, 'alice');
    expect(bad).toHaveLength(1);
    expect(bad[0]!.outcome).toMatchObject({ status: 'rejected', error: { kind: 'input-malformed' } });
    expect(bad[0]!.after).toBe(bad[0]!.before);
    expect(w.alice.entries.some((e) => e.kind === 'peer-in' && e.msg.type === 'reveal-bob')).toBe(false);
    // Bob went on (he had Alice's reveal); his setup reaches an Alice without his keys.
    expectAbortedByVerdict(firstOf(w, 'bob', 'core-arbitrating-setup'), w.alice, 'core-arbitrating-setup', /setup before both reveals/);
    expect(w.alice.signed.filter((s) => SIGNING.includes(s.action))).toEqual([]);
    expect(w.chain.broadcasts).toEqual([]);
    expect(w.bob.outcome).toBe('aborted');
  }, 120_000);
});

describe('replays and duplicates', () => {
  it('every message twice, lanes shuffled, the whole history resent every few blocks: same outcome as the honest run, duplicates are no-ops', async () => {
    const honest = await world({}, 20);
    expect([honest.alice.outcome, honest.bob.outcome]).toEqual(['swapped', 'swapped']);
    const verifies = dleq.verifyCalls;
    const w = new World({ duplicate: true, shuffleSeed: 7 });
    await w.start();
    for (let i = 0; i < 20 && (w.alice.outcome === null || w.bob.outcome === null); i++) {
      if (i % 3 === 0) {
        w.replayAll('alice');
        w.replayAll('bob');
      }
      await w.mine(1);
    }
    expect([w.alice.outcome, w.bob.outcome]).toEqual(['swapped', 'swapped']);
    // Each side verified the other's DLEQ proof once, however often the reveal came again.
    expect(dleq.verifyCalls - verifies).toBe(2);
    const names = (x: World) => x.chain.broadcasts.filter((b) => b.error === null).map((b) => b.name);
    expect(new Set(names(w))).toEqual(new Set(names(honest)));
    expect(w.alice.verdicts()).toEqual([]);
    expect(w.bob.verdicts()).toEqual([]);
    const repeats = w.deliveries.filter((d) => d.repeat);
    expect(repeats.length).toBeGreaterThan(w.deliveries.length / 2);
    for (const d of repeats) {
      expect(d.outcome.status).toBe('rejected');
      expect(d.after).toBe(d.before);
    }
    for (const d of w.deliveries.filter((x) => !x.repeat)) expect(d.outcome.status).toBe('applied');
    // Each distinct message is recorded exactly once on the receiving side.
    for (const p of [w.alice, w.bob]) expect(p.entries.filter((e) => e.kind === 'peer-in').length).toBe(w.sent[p.role === 'alice' ? 'bob' : 'alice'].length);
  }, 120_000);
});
