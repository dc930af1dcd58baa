// Given/when/then helpers for decider tests: input builders for every source, and a runner that
// plays inputs through `step` while a well-behaved fake client answers every datum request.
// Guards test honesty: every entry is produced by the real decider, nothing is hand-assembled.
import type { TaskId } from '../../shared/ids';
import type { ClientDatum } from '../../shared/protocol/datum';
import type { Role } from '../../shared/protocol/deal';
import { deciderFor } from '../../shared/protocol/decider';
import type { PeerMessage } from '../../shared/protocol/peer-messages';
import type { SwapState } from '../../shared/protocol/state';
import { fakeClientAnswer, fakeDeal, fakeHex, fakeTxid, prefixInputs, TX } from './synthetic';
import { labelOf, taskId } from '../../shared/protocol/task-ids';
import type { InputBody, OutputEntry, TranscriptEntry } from '../../shared/protocol/transcript';

export type TxName = keyof typeof TX;

export const peerIn = (msg: PeerMessage): InputBody => ({ kind: 'peer-in', dir: 'in', msg });
export const clientIn = (datum: ClientDatum): InputBody => ({ kind: 'client-datum', dir: 'in', datum });
export const control = (kind: 'start' | 'restored' | 'synced'): InputBody => ({ kind: 'control', dir: 'in', control: { kind } });
export const btcHeight = (s: SwapState, height: number): InputBody => ({
  kind: 'btc-event',
  dir: 'in',
  event: { kind: 'height', taskId: taskId(s.deal.swapId, 'btc', 'watch-height', 'tip'), height, blockHash: fakeHex(height, 32) },
});
export const txConfs = (s: SwapState, name: TxName, confs: number | null, withHex = true): InputBody => ({
  kind: 'btc-event',
  dir: 'in',
  event: {
    kind: 'tx-confirmations',
    taskId: taskId(s.deal.swapId, 'btc', 'watch-tx', name),
    txid: fakeTxid(TX[name]),
    confirmations: confs,
    blockHash: confs ? fakeHex(1, 32) : null,
    txHex: withHex && confs !== null ? fakeHex(TX[name] + 100, 200) : null,
  },
});
export const xmrDeposit = (s: SwapState, amount: string, confs: number): InputBody => ({
  kind: 'xmr-event',
  dir: 'in',
  event: { kind: 'address-tx', taskId: taskId(s.deal.swapId, 'xmr', 'watch-address', 'lock'), txid: fakeTxid(40), amount, confirmations: confs, incoming: true, txHex: null },
});
export const cancelOutputSpend = (s: SwapState, txid: string, confs: number): InputBody => ({
  kind: 'btc-event',
  dir: 'in',
  event: { kind: 'address-tx', taskId: taskId(s.deal.swapId, 'btc', 'watch-address', 'cancel-output'), txid: txid as never, amount: '90000', confirmations: confs, incoming: false, txHex: fakeHex(41, 150) },
});
export const broadcastResult = (s: SwapState, name: TxName, attempt: number, okay: boolean, error: string | null = null): InputBody => ({
  kind: 'btc-event',
  dir: 'in',
  event: { kind: 'broadcast-result', taskId: taskId(s.deal.swapId, 'btc', 'broadcast', name, attempt) as TaskId, txid: null, ok: okay, error },
});
export const sweepOk = (s: SwapState): InputBody => ({
  kind: 'xmr-event',
  dir: 'in',
  event: { kind: 'sweep-result', taskId: taskId(s.deal.swapId, 'xmr', 'sweep', 'lock'), txids: [fakeTxid(50)], ok: true, error: null },
});

export class Run {
  readonly entries: TranscriptEntry[] = [];
  private ts = 1_700_000_000_000;
  constructor(
    readonly role: Role,
    public state: SwapState,
    /** When false, client requests stay unanswered (the test answers by hand). */
    public autoClient = true,
  ) {}
  static start(role: Role, autoClient = true): Run {
    const init = deciderFor(role).initialState(fakeDeal(role));
    if (!init.ok) throw new Error(init.error.message);
    return new Run(role, init.value, autoClient);
  }
  /** Through the scripted prefix: Bob has broadcast lock; Alice has shown the XMR address. */
  static atLock(role: Role): Run {
    const r = Run.start(role);
    for (const b of prefixInputs(role, r.state.deal.swapId)) r.feed(b);
    return r;
  }
  get decider() {
    return deciderFor(this.role);
  }
  /** Feed one input; returns the labels of what it emitted (client answers are fed after). */
  feed(body: InputBody): string[] {
    const d = this.decider;
    const input = d.input(this.state, body, this.ts++);
    const r = d.step(this.state, input);
    if (!r.ok) throw new Error(`rejected ${body.kind}: ${r.error.kind}: ${r.error.message}`);
    this.entries.push(input, ...r.value.outputs);
    this.state = r.value.state;
    const labels = r.value.outputs.map(labelOf);
    if (this.autoClient)
      for (const o of r.value.outputs as OutputEntry[])
        if (o.kind === 'client-request') {
          const a = fakeClientAnswer(this.role, this.state.deal.swapId, o.request.kind);
          if (a) labels.push(...this.feed(clientIn(a)));
        }
    return labels;
  }
  /** Feed an input that must be refused; returns the error kind and checks nothing changed. */
  refuse(body: InputBody, seq = this.state.seq): string {
    const before = JSON.stringify(this.state);
    const r = this.decider.step(this.state, { ...this.decider.input(this.state, body, this.ts), seq } as never);
    if (r.ok) throw new Error(`accepted ${body.kind}`);
    if (JSON.stringify(this.state) !== before) throw new Error('state changed on a refused input');
    return r.error.kind;
  }
  get outcome() {
    return this.decider.outcome(this.state);
  }
  has(place: string): boolean {
    return this.state.marking[place] !== undefined;
  }
}
