// Test scaffolding for adversarial peer tests: two real daemons (real deciders, in-memory
// transcripts) and two real headless clients (real keys, DLEQ proofs, adaptor signatures through
// in-process signers), a wire between them that a malicious side may rewrite, and a scripted chain
// that answers the syncer tasks (confirmations, BIP68 relative timelocks, first-seen double-spend
// refusal, XMR deposits and sweeps). Everything runs as one deterministic job queue, so a test can
// snapshot the honest party's record right before and right after one bad input.
import { OutScript, Transaction } from '@scure/btc-signer';
import { BTC_NETWORKS } from '../../shared/crypto/btc-network';
import { hash160, scriptToAddress } from '../../shared/crypto/btc-swap-txs';
import { secpPublicKey } from '../../shared/crypto/ecdsa-adaptor';
import { fromHex, toHex } from '../../shared/hex';
import type { SwapId, TaskId } from '../../shared/ids';
import type { ClientDatum, DatumRequest } from '../../shared/protocol/datum';
import { fakeDeal } from '../protocol/synthetic';
import type { Deal } from '../../shared/protocol/deal';
import { parsePeerMessage, type PeerMessage } from '../../shared/protocol/peer-messages';
import type { SwapState } from '../../shared/protocol/state';
import { sha256 } from '@noble/hashes/sha2.js';
import { appError, ok } from '../../shared/result';
import type { SyncerEvent } from '../../shared/syncer/messages';
import { HeadlessClient, type ClientWallet } from '../../electron/client/headless-client';
import { MemoryMemoStore } from '../../electron/client/client-memo';
import { inProcessSignerWithSeed, type SwapSigner } from '../../electron/client/swap-signer';
import { arbitratingChecks } from '../../shared/protocol/checks/arbitrating-checks';
import type { ClientNote, Outcome, SwapRecord, SyncerTask } from '../../electron/daemon/daemon-ports';
import { swapDecider } from '../../shared/protocol/swap-decider';
import { SwapDaemon } from '../../electron/daemon/swap-daemon';
import type { ActorDeps, InputOutcome } from '../../electron/daemon/swap-actor';
import { MemoryTranscript } from './toy-decider.helpers';

export type Role = 'alice' | 'bob';
export const SWAP = '00112233445566778899aabbccddeeff' as SwapId;
export const OTHER_SWAP = 'ffeeddccbbaa99887766554433221100' as SwapId;
export const chain = { network: BTC_NETWORKS['litecoin-regtest'] };
export const checks = arbitratingChecks(chain);
export const SEED: Readonly<Record<Role, number>> = { alice: 1, bob: 2 };
// The synthetic deal with real-swap amounts (the real clients price a 0.01 BTC lock).
export const deal = (role: Role, over: Partial<Deal> = {}): Deal => ({ ...fakeDeal(role, SWAP), btcAmount: '1000000', ...over });
export const addressOf = (i: number) => scriptToAddress(OutScript.encode({ type: 'wpkh', hash: hash160(secpPublicKey(new Uint8Array(32).fill(i))) }), chain.network);
const XMR_DEST = '4' + 'A'.repeat(94);
const fakeHash = (s: string) => toHex(sha256(new TextEncoder().encode(s)));
const other = (r: Role): Role => (r === 'alice' ? 'bob' : 'alice');

/** Every signature the honest client asked its signer for: what left it signed. */
export interface SignerCall {
  readonly action: string;
  readonly digest: string;
}

function recordingSigner(inner: SwapSigner, calls: SignerCall[]): SwapSigner {
  return {
    publicKeys: (s) => inner.publicKeys(s),
    dleqProof: (s) => inner.dleqProof(s),
    sign: (s, a, d) => (calls.push({ action: a, digest: toHex(d) }), inner.sign(s, a, d)),
    adaptorSign: (s, a, d, p) => (calls.push({ action: a, digest: toHex(d) }), inner.adaptorSign(s, a, d, p)),
    decryptPeer: (s, a, d, k, sig) => (calls.push({ action: a, digest: toHex(d) }), inner.decryptPeer(s, a, d, k, sig)),
    holdPeerCancel: (s, d, k, sig) => (calls.push({ action: 'hold-peer-cancel', digest: toHex(d) }), inner.holdPeerCancel(s, d, k, sig)),
    recoverSweepKey: (s, q) => (calls.push({ action: 'recover-sweep-key', digest: toHex(q.digest) }), inner.recoverSweepKey(s, q)),
    xmrFundingKeys: (s) => inner.xmrFundingKeys(s),
  };
}

export class Party {
  readonly transcript = new MemoryTranscript<SwapState>(swapDecider());
  readonly tasks: SyncerTask[] = [];
  readonly requests: DatumRequest[] = [];
  readonly datums: ClientDatum[] = [];
  readonly clientErrors: string[] = [];
  readonly notes: ClientNote[] = [];
  readonly signed: SignerCall[] = [];
  readonly daemon: SwapDaemon<SwapState>;
  readonly client: HeadlessClient;
  /** An offline party gets no chain report and no peer message (its daemon simply hears nothing). */
  online = true;

  constructor(
    readonly role: Role,
    readonly world: World,
    wallet: ClientWallet,
  ) {
    const signer = recordingSigner(inProcessSignerWithSeed(new Uint8Array(32).fill(SEED[role])), this.signed);
    this.client = new HeadlessClient({ signer, chain, wallet, memo: new MemoryMemoStore() });
    this.daemon = new SwapDaemon<SwapState>({
      decider: swapDecider(),
      transcript: this.transcript,
      syncers: { send: (t) => (this.tasks.push(t), world.chain.onTask(this, t)) },
      peer: { send: (_id, m) => world.send(role, m) },
      client: {
        request: (id, r) => {
          this.requests.push(r);
          world.enqueue(role, `${role}:client:${r.kind}`, async () => {
            const d = await this.client.handle(id, r);
            if (!d.ok) return void this.clientErrors.push(d.error.message);
            if (!d.value) return;
            this.datums.push(d.value);
            await this.daemon.onClientDatum(id, d.value);
          });
        },
        notify: (_id, n) => {
          if (n.kind !== 'progress') this.notes.push(n);
        },
      },
      arbitrating: checks,
      ...(world.opts.verifyDleq?.[role] ? { verifyDleq: world.opts.verifyDleq[role] } : {}),
    });
  }

  get record(): SwapRecord<SwapState> {
    return this.daemon.actor(SWAP)!.record;
  }
  get outcome(): Outcome | null {
    return this.daemon.actor(SWAP)!.outcome;
  }
  get entries() {
    return this.transcript.logs.get(SWAP)!.entries;
  }
  verdicts() {
    return this.entries.flatMap((e) => (e.kind === 'peer-verdict' ? [e.verdict] : []));
  }
  /** Names of the txs this party asked the syncer to broadcast. */
  broadcastNames(): string[] {
    return this.tasks.flatMap((t) => (t.task.kind === 'broadcast' ? [t.task.id.split(':')[3]!] : []));
  }
}

/** One message handed to the receiving daemon, with its record just before and just after. */
export interface Delivery {
  readonly from: Role;
  readonly msg: unknown;
  /** The malicious side rewrote or injected it (not what its daemon sent). */
  readonly tampered: boolean;
  /** Delivered before (a replay or a duplicate). */
  readonly repeat: boolean;
  readonly outcome: InputOutcome;
  readonly before: SwapRecord<SwapState>;
  readonly after: SwapRecord<SwapState>;
}

/** The malicious side's hook on its own outgoing messages: the messages to put on the wire instead. */
export type Tamper = (m: PeerMessage, w: World) => Promise<unknown[]> | unknown[];

export interface WorldOptions {
  readonly tamper?: { readonly from: Role; readonly fn: Tamper };
  /** A malicious client that builds and signs with other terms than the deal its daemon runs. */
  readonly clientDeal?: Partial<Record<Role, Partial<Deal>>>;
  /** Alice's XMR payment when asked to lock ('never': she does not pay; 'held': only on `payHeldXmr`). */
  readonly xmrPaid?: 'exact' | 'short' | 'over' | 'never' | 'held';
  /** Seeded random interleaving of the independent lanes (each lane keeps its own order). */
  readonly shuffleSeed?: number;
  /** Every message is delivered twice. */
  readonly duplicate?: boolean;
  /** A broadcast the node silently never relays (the tx never reaches the chain). */
  readonly dropBroadcast?: (by: Role, name: string) => boolean;
  /** The off-thread DLEQ verifier a party's daemon uses (unset: verified in line). */
  readonly verifyDleq?: Partial<Record<Role, NonNullable<ActorDeps<SwapState>['verifyDleq']>>>;
}

type Lane = Role | 'a->b' | 'b->a' | 'chain';
interface Job {
  readonly lane: Lane;
  readonly label: string;
  readonly run: () => Promise<void>;
}

export class World {
  readonly chain = new ScriptedChain(this);
  readonly alice: Party;
  readonly bob: Party;
  readonly deliveries: Delivery[] = [];
  /** Everything each side's daemon sent, in order (before any tampering). */
  readonly sent: Record<Role, PeerMessage[]> = { alice: [], bob: [] };
  private readonly queue: Job[] = [];
  private rng: number;
  /** Alice's XMR payment kept back ('held'): the test decides when it reaches the chain. */
  heldXmr: { address: string; amount: bigint } | null = null;

  constructor(readonly opts: WorldOptions = {}) {
    this.rng = opts.shuffleSeed ?? 0;
    this.alice = new Party('alice', this, this.wallet('alice'));
    this.bob = new Party('bob', this, this.wallet('bob'));
  }

  party(r: Role): Party {
    return r === 'alice' ? this.alice : this.bob;
  }

  private wallet(role: Role): ClientWallet {
    return {
      btcAddress: async () => addressOf(SEED[role] + 100),
      xmrDestination: async () => XMR_DEST,
      xmrHeight: async () => this.chain.xmrHeight,
      fundingVout: async () => ok(0),
      payBtc: async (address, sats) => ok(this.chain.payFunding(address, sats)),
      payXmr: async (address, pico) => {
        const how = this.opts.xmrPaid ?? 'exact';
        if (how === 'never') return ok('not paid');
        if (how === 'held') {
          this.heldXmr = { address, amount: pico };
          return ok('held');
        }
        return ok(this.chain.payXmr(address, how === 'short' ? pico - 1n : how === 'over' ? pico + 1n : pico));
      },
    };
  }

  /** Send Alice's held XMR payment now. */
  async payHeldXmr(): Promise<void> {
    if (!this.heldXmr) throw new Error('no XMR payment held');
    this.chain.payXmr(this.heldXmr.address, this.heldXmr.amount);
    await this.run();
  }

  /** Both clients register, both daemons create the swap; runs until nothing moves. */
  async start(): Promise<void> {
    for (const r of ['alice', 'bob'] as const) {
      const p = this.party(r);
      await p.client.register({ ...deal(r), ...this.opts.clientDeal?.[r] });
    }
    for (const r of ['alice', 'bob'] as const) {
      const c = await this.party(r).daemon.createSwap(deal(r), null);
      if (!c.ok) throw new Error(c.error.message);
    }
    await this.run();
  }

  enqueue(lane: Lane, label: string, run: () => Promise<void>): void {
    this.queue.push({ lane, label, run });
  }

  /** A daemon's own message: tampered by the malicious side, then put on the wire (twice when duplicating). */
  send(from: Role, m: PeerMessage): void {
    this.sent[from].push(m);
    const t = this.opts.tamper;
    const lane = from === 'alice' ? 'a->b' : 'b->a';
    this.enqueue(lane, `${from}:send:${m.type}`, async () => {
      const wire = t && t.from === from ? await t.fn(m, this) : [m];
      for (const w of wire) {
        await this.deliver(from, w, w !== m);
        if (this.opts.duplicate) await this.deliver(from, w, w !== m);
      }
    });
  }

  /** Put a message on the wire as if `from` sent it (a replay or an injected message). */
  inject(from: Role, msg: unknown, tampered = true): void {
    this.enqueue(from === 'alice' ? 'a->b' : 'b->a', `${from}:inject`, () => this.deliver(from, msg, tampered));
  }

  /** Re-deliver everything `from`'s daemon has sent so far, in order (what a restarted link resends). */
  replayAll(from: Role): void {
    for (const m of [...this.sent[from]]) this.inject(from, m, false);
  }

  private async deliver(from: Role, msg: unknown, tampered: boolean): Promise<void> {
    const to = this.party(other(from));
    if (!to.online || !this.party(from).online) return;
    const repeat = this.deliveries.some((d) => d.from === from && JSON.stringify(d.msg) === JSON.stringify(msg));
    const before = to.record;
    // What the link does first: its body schema is the one parse; a malformed body never reaches the daemon.
    const parsed = parsePeerMessage(msg);
    const outcome: InputOutcome = parsed.ok ? await to.daemon.onPeerMessage(SWAP, parsed.value) : { status: 'rejected', error: appError('input-malformed', parsed.error.message) };
    this.deliveries.push({ from, msg, tampered, repeat, outcome, before, after: to.record });
  }

  /** Run queued jobs one at a time until nothing is left. */
  async run(): Promise<void> {
    for (let n = 0; this.queue.length > 0; n++) {
      if (n > 50_000) throw new Error('world: no quiescence');
      const i = this.pick();
      const [job] = this.queue.splice(i, 1);
      await job!.run();
    }
  }

  /** FIFO; with a shuffle seed, the head of a random lane (per-lane order is what the link guarantees). */
  private pick(): number {
    if (this.opts.shuffleSeed === undefined) return 0;
    const heads = new Map<Lane, number>();
    this.queue.forEach((j, i) => {
      if (!heads.has(j.lane)) heads.set(j.lane, i);
    });
    const idx = [...heads.values()];
    this.rng = (this.rng * 1103515245 + 12345) % 2 ** 31;
    return idx[this.rng % idx.length]!;
  }

  /** Mine `n` blocks (BTC and XMR), reporting after each, and run to quiescence. */
  async mine(n = 1): Promise<void> {
    for (let i = 0; i < n; i++) {
      this.chain.mineBlock();
      await this.run();
    }
  }

  /** Mine until both online parties have an outcome or `maxBlocks` were mined. */
  async drive(maxBlocks = 60, until: () => boolean = () => [this.alice, this.bob].every((p) => !p.online || p.outcome !== null)): Promise<void> {
    await this.run();
    for (let i = 0; i < maxBlocks && !until(); i++) await this.mine(1);
  }
}

interface ChainTx {
  readonly txid: string;
  readonly hex: string;
  readonly by: Role | 'wallet';
  readonly name: string;
  height: number | null;
  readonly inputs: readonly string[];
}

/** A small BTC + XMR chain answering the syncer tasks of both parties like the real syncers would. */
export class ScriptedChain {
  height = 100;
  xmrHeight = 200;
  readonly txs = new Map<string, ChainTx>();
  /** Outpoint -> the tx that spent it (first seen wins). */
  readonly spentBy = new Map<string, string>();
  /** Outpoint -> address and amount. */
  readonly outputs = new Map<string, { address: string; amount: bigint }>();
  readonly xmr: Array<{ txid: string; address: string; amount: bigint; height: number | null }> = [];
  readonly sweeps: Array<{ by: Role; address: string; amount: bigint }> = [];
  /** Every broadcast attempt, with the height it reached the chain at and the node's answer. */
  readonly broadcasts: Array<{ by: Role; name: string; txid: string; height: number; error: string | null }> = [];
  private readonly watches = new Map<Party, Map<string, SyncerTask>>();
  private readonly reported = new Map<string, string>();

  constructor(private readonly world: World) {}

  confs(txid: string): number | null {
    const t = this.txs.get(txid);
    if (!t) return null;
    return t.height === null ? 0 : this.height - t.height + 1;
  }
  /** The accepted tx a party broadcast under this name, if any. */
  tx(name: string): ChainTx | undefined {
    return [...this.txs.values()].find((t) => t.name === name);
  }

  payFunding(address: string, sats: bigint): string {
    const txid = fakeHash(`funding:${address}:${this.txs.size}`);
    this.txs.set(txid, { txid, hex: '00', by: 'wallet', name: 'funding', height: null, inputs: [] });
    this.outputs.set(`${txid}:0`, { address, amount: sats });
    this.reportAll();
    return txid;
  }

  payXmr(address: string, amount: bigint): string {
    const txid = fakeHash(`xmr:${address}:${this.xmr.length}`);
    this.xmr.push({ txid, address, amount, height: null });
    this.reportAll();
    return txid;
  }

  mineBlock(): void {
    this.height++;
    this.xmrHeight++;
    for (const t of this.txs.values()) if (t.height === null) t.height = this.height;
    for (const x of this.xmr) if (x.height === null) x.height = this.xmrHeight;
    this.reportAll();
  }

  onTask(p: Party, t: SyncerTask): void {
    const task = t.task;
    if (task.kind === 'broadcast') return this.broadcast(p, task.id, task.txHex);
    if (task.kind === 'sweep') {
      const amount = this.xmr.filter((x) => x.address === task.address && x.height !== null).reduce((a, x) => a + x.amount, 0n);
      if (amount === 0n) return; // nothing arrived (yet): the real syncer keeps waiting too
      this.sweeps.push({ by: p.role, address: task.address, amount });
      this.event(p, 'xmr', { kind: 'sweep-result', taskId: task.id, txids: [fakeHash(`sweep:${task.address}`)], ok: true, error: null });
      return;
    }
    if (task.kind === 'abort' || task.kind === 'estimate-fee') return;
    let w = this.watches.get(p);
    if (!w) this.watches.set(p, (w = new Map()));
    w.set(`${t.chain}|${task.id}`, t);
    this.report(p);
  }

  private broadcast(p: Party, taskId: TaskId, txHex: string): void {
    const name = taskId.split(':')[3]!;
    if (this.world.opts.dropBroadcast?.(p.role, name)) return;
    const tx = Transaction.fromRaw(fromHex(txHex), { allowUnknownOutputs: true, allowUnknownInputs: true, disableScriptCheck: true });
    const txid = tx.id;
    const inputs: string[] = [];
    let error: string | null = null;
    for (let i = 0; i < tx.inputsLength; i++) {
      const inp = tx.getInput(i);
      const prev = toHex(inp.txid!);
      const op = `${prev}:${inp.index!}`;
      inputs.push(op);
      const parent = this.txs.get(prev);
      const spender = this.spentBy.get(op);
      if (!parent || !this.outputs.has(op)) error = 'bad-txns-inputs-missingorspent';
      else if (spender !== undefined && spender !== txid) error = 'txn-mempool-conflict';
      else {
        const seq = inp.sequence ?? 0xffffffff;
        // BIP68: a relative height lock needs the parent that many blocks deep.
        if ((seq & 0x80000000) === 0 && (this.confs(prev) ?? 0) < (seq & 0xffff)) error = 'non-BIP68-final';
      }
    }
    this.broadcasts.push({ by: p.role, name, txid, height: this.height, error });
    if (error === null && !this.txs.has(txid)) {
      this.txs.set(txid, { txid, hex: txHex, by: p.role, name, height: null, inputs });
      for (const op of inputs) this.spentBy.set(op, txid);
      for (let o = 0; o < tx.outputsLength; o++) {
        const out = tx.getOutput(o);
        this.outputs.set(`${txid}:${o}`, { address: scriptToAddress(out.script!, chain.network), amount: out.amount! });
      }
    }
    this.event(p, 'btc', { kind: 'broadcast-result', taskId, txid: error ? null : txid, ok: error === null, error });
    this.reportAll();
  }

  private reportAll(): void {
    for (const p of [this.world.alice, this.world.bob]) this.report(p);
  }

  /** Send a party every watch status that changed since its last report (heights on every block). */
  private report(p: Party): void {
    if (!p.online) return;
    for (const t of this.watches.get(p)?.values() ?? []) {
      const task = t.task;
      if (task.kind === 'watch-height') this.changed(p, t.chain, task.id, { kind: 'height', taskId: task.id, height: t.chain === 'btc' ? this.height : this.xmrHeight, blockHash: fakeHash(`${t.chain}${this.height}`) });
      else if (task.kind === 'watch-tx') {
        const tx = this.txs.get(task.txid);
        this.changed(p, t.chain, task.id, { kind: 'tx-confirmations', taskId: task.id, txid: task.txid, confirmations: this.confs(task.txid), blockHash: null, txHex: tx?.hex ?? null });
      } else if (task.kind === 'watch-address' && t.chain === 'btc') {
        for (const [op, o] of this.outputs) {
          if (o.address !== task.address) continue;
          const txid = op.split(':')[0]!;
          this.changed(p, 'btc', `${task.id}|in|${op}`, { kind: 'address-tx', taskId: task.id, txid, amount: o.amount.toString(), confirmations: this.confs(txid) ?? 0, incoming: true, txHex: null });
          const spender = this.spentBy.get(op);
          if (spender) {
            const s = this.txs.get(spender)!;
            this.changed(p, 'btc', `${task.id}|out|${spender}`, { kind: 'address-tx', taskId: task.id, txid: spender, amount: o.amount.toString(), confirmations: this.confs(spender) ?? 0, incoming: false, txHex: s.hex });
          }
        }
      } else if (task.kind === 'watch-address' && t.chain === 'xmr') {
        for (const x of this.xmr) {
          if (x.address !== task.address) continue;
          const confirmations = x.height === null ? 0 : this.xmrHeight - x.height + 1;
          this.changed(p, 'xmr', `${task.id}|${x.txid}`, { kind: 'address-tx', taskId: task.id, txid: x.txid, amount: x.amount.toString(), confirmations, incoming: true, txHex: null });
        }
      }
    }
  }

  private changed(p: Party, c: 'btc' | 'xmr', key: string, e: object): void {
    const k = `${p.role}|${c}|${key}`;
    const v = JSON.stringify(e);
    if (this.reported.get(k) === v) return;
    this.reported.set(k, v);
    this.event(p, c, e);
  }

  /** Plain objects: the daemon's input filter parses them with the syncer schema, as from a worker. */
  private event(p: Party, c: 'btc' | 'xmr', e: object): void {
    this.world.enqueue('chain', `${p.role}:${c}`, async () => {
      if (p.online) await p.daemon.onSyncerEvent(c, e as SyncerEvent);
    });
  }
}
