// Unit tests of the peer verifier and the input filter: every way a peer message or a client datum
// can be wrong is named, and a valid one passes. Real keys and proofs from the headless client.
import { OutScript } from '@scure/btc-signer';
import { beforeAll, describe, expect, it } from 'vitest';
import { BTC_NETWORKS } from '../../shared/crypto/btc-network';
import { hash160, scriptToAddress } from '../../shared/crypto/btc-swap-txs';
import { secpPublicKey } from '../../shared/crypto/ecdsa-adaptor';
import type { SwapId, Txid } from '../../shared/ids';
import type { Deal } from '../../shared/protocol/deal';
import { parsePeerMessage, type CommitAlice, type CommitBob, type RevealAlice, type RevealBob } from '../../shared/protocol/peer-messages';
import { MemoryMemoStore } from '../client/client-memo';
import { HeadlessClient } from '../client/headless-client';
import { inProcessSignerWithSeed } from '../client/swap-signer';
import { arbitratingChecks } from '../../shared/protocol/checks/arbitrating-checks';
import { filterInput } from '../../shared/protocol/checks/input-gate';
import { NO_EVIDENCE, type PeerEvidence } from '../../shared/protocol/checks/peer-evidence';
import { verifyPeerMessage, type VerifyContext } from '../../shared/protocol/checks/peer-verifier';

const chain = { network: BTC_NETWORKS['litecoin-regtest'] };
const SWAP = 'bb112233445566778899aabbccddeeff' as SwapId;
const addr = (i: number) => scriptToAddress(OutScript.encode({ type: 'wpkh', hash: hash160(secpPublicKey(new Uint8Array(32).fill(i))) }), chain.network);
const deal = (role: 'alice' | 'bob'): Deal => ({ swapId: SWAP, role, btcAmount: '1000000', xmrAmount: '1000000000000', cancelTimelock: 10, punishTimelock: 20, finalityBtc: 1, finalityXmr: 1, safety: 3 });

let alice: { commit: CommitAlice; reveal: RevealAlice };
let bob: { commit: CommitBob; reveal: RevealBob; setup: { lock: { txid: string; hex: string }; cancel: { txid: string; hex: string }; refund: { txid: string; hex: string }; cancelSig: string } };

beforeAll(async () => {
  const mk = (i: number) =>
    new HeadlessClient({ signer: inProcessSignerWithSeed(new Uint8Array(32).fill(i)), chain, memo: new MemoryMemoStore(), wallet: { btcAddress: async () => addr(i + 50), xmrDestination: async () => '', xmrHeight: async () => 1, fundingVout: async () => ({ ok: true, value: 0 }) } });
  const a = mk(21);
  const b = mk(22);
  await a.register(deal('alice'));
  await b.register(deal('bob'));
  const ap = await a.handle(SWAP, { kind: 'session-params' });
  const bp = await b.handle(SWAP, { kind: 'session-params' });
  if (!ap.ok || ap.value?.kind !== 'alice-session-params' || !bp.ok || bp.value?.kind !== 'bob-session-params') throw new Error('params');
  await b.handle(SWAP, { kind: 'peer-params', reveal: ap.value.reveal });
  const s = await b.handle(SWAP, { kind: 'core-arbitrating-transactions', fundingTxid: 'cd'.repeat(32) as Txid, amount: bp.value.funding.amount });
  if (!s.ok || s.value?.kind !== 'core-arbitrating-transactions') throw new Error('setup');
  alice = { commit: ap.value.commit, reveal: ap.value.reveal };
  bob = { commit: bp.value.commit, reveal: bp.value.reveal, setup: s.value };
}, 60_000);

const ctx = (role: 'alice' | 'bob', evidence: Partial<PeerEvidence>): VerifyContext => ({ swapId: SWAP, deal: deal(role), evidence: { ...NO_EVIDENCE, ...evidence }, arbitrating: arbitratingChecks(chain) });
const setupMsg = () => ({ type: 'core-arbitrating-setup' as const, swapId: SWAP, lock: bob.setup.lock.hex, cancel: bob.setup.cancel.hex, refund: bob.setup.refund.hex, cancelSig: bob.setup.cancelSig });

describe('verifyPeerMessage', () => {
  it('accepts a reveal that opens the commit, with a valid DLEQ proof', () => {
    expect(verifyPeerMessage(bob.reveal, ctx('alice', { peerCommit: bob.commit, ownReveal: alice.reveal }))).toBeNull();
  });
  it('refuses a reveal before its commit, with a changed key, with a tampered proof, or from the wrong role', () => {
    expect(verifyPeerMessage(bob.reveal, ctx('alice', {}))).toMatch(/before commit/);
    expect(verifyPeerMessage({ ...bob.reveal, refund: bob.reveal.buy }, ctx('alice', { peerCommit: bob.commit }))).toMatch(/commitment to refund/);
    const proof = (bob.reveal.proof.startsWith('0') ? '1' : '0') + bob.reveal.proof.slice(1);
    const forged = { ...bob.reveal, proof };
    const forgedCommit = { ...bob.commit };
    expect(verifyPeerMessage(forged, ctx('alice', { peerCommit: forgedCommit }))).toMatch(/DLEQ/);
    expect(verifyPeerMessage(alice.reveal, ctx('alice', { peerCommit: alice.commit }))).toMatch(/never receives reveal-alice/);
    expect(verifyPeerMessage({ ...bob.reveal, swapId: 'cc112233445566778899aabbccddeeff' as SwapId }, ctx('alice', { peerCommit: bob.commit }))).toMatch(/another swap/);
  });
  it("accepts Bob's setup only when it matches the templates and his cancel signature verifies", () => {
    const c = ctx('alice', { peerCommit: bob.commit, peerReveal: bob.reveal, ownReveal: alice.reveal });
    expect(verifyPeerMessage(setupMsg(), c)).toBeNull();
    const badSig = setupMsg();
    badSig.cancelSig = bob.setup.cancelSig.slice(0, -2) + (bob.setup.cancelSig.endsWith('00') ? '01' : '00');
    expect(verifyPeerMessage(badSig, c)).toMatch(/cancel signature/);
    const swapped = { ...setupMsg(), cancel: bob.setup.refund.hex };
    expect(verifyPeerMessage(swapped, c)).toMatch(/setup rejected/);
    expect(verifyPeerMessage(setupMsg(), { ...c, arbitrating: null })).toMatch(/no arbitrating transaction checker/);
  });
});

describe('filterInput', () => {
  it('turns a failing peer message into a peer-invalid verdict input; a malformed one never gets this far', () => {
    const v = filterInput({ kind: 'peer', msg: bob.reveal }, ctx('alice', {}));
    expect(v.pass && v.input.kind === 'peer-verdict' && v.input.verdict.msgType).toBe('reveal-bob');
    // The one parse is the link's (its body schema): a malformed body is refused there.
    expect(parsePeerMessage({ type: 'reveal-bob', swapId: SWAP }).ok).toBe(false);
  });
  it('refuses a client transaction whose txid is not the hash of its bytes', () => {
    const datum = { kind: 'core-arbitrating-transactions', lock: { ...bob.setup.lock, txid: bob.setup.cancel.txid }, cancel: bob.setup.cancel, refund: bob.setup.refund, cancelSig: bob.setup.cancelSig, cancelOutput: addr(3) };
    const r = filterInput({ kind: 'client', datum }, ctx('bob', {}));
    expect(!r.pass && r.error.kind).toBe('txid-mismatch');
    const good = filterInput({ kind: 'client', datum: { ...datum, lock: bob.setup.lock } }, ctx('bob', {}));
    expect(good.pass).toBe(true);
  });
});
