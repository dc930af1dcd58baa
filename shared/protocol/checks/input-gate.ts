// The gate every untrusted input passes before it is appended: schema, ownership (the task or the
// swap is ours), txid-vs-bytes of client transactions, and the peer verifier. Invariant: a rejected
// input changes nothing and is reported with a typed error; a peer message that parses but fails
// verification is not dropped: it becomes a `peer-verdict` input the decider acts on.
import { Transaction } from '@scure/btc-signer';
import { fromHex } from '../../hex';
import type { SwapId } from '../../ids';
import { ClientDatumSchema, type ClientDatum } from '../../protocol/datum';
import type { PeerMessage } from '../../protocol/peer-messages';
import type { InputBody } from '../../protocol/transcript';
import { appError, type AppError } from '../../result';
import { SyncerEventSchema, type SyncerEvent } from '../../syncer/messages';
import { verifyPeerMessage, type VerifyContext } from './peer-verifier';

/**
 * An untrusted input as it arrives. The peer's message was parsed once, by the link that received it
 * (its body schema is PeerMessageSchema); the client's datum and syncer events are parsed here, once.
 */
export type RawInput =
  | { readonly kind: 'peer'; readonly msg: PeerMessage }
  | { readonly kind: 'client'; readonly datum: unknown }
  | { readonly kind: 'btc-event'; readonly event: SyncerEvent }
  | { readonly kind: 'xmr-event'; readonly event: SyncerEvent }
  | { readonly kind: 'timer'; readonly at: number; readonly timerKind: 'retry' | 'recheck' | 'reconnect' };

export type FilterVerdict = { readonly pass: true; readonly input: InputBody } | { readonly pass: false; readonly error: AppError };

export type FilterErrorKind = 'input-malformed' | 'input-foreign' | 'txid-mismatch';

const reject = (kind: FilterErrorKind, message: string): FilterVerdict => ({ pass: false, error: appError(kind, message) });

/** Task ids are `<swapId>:<chain>:<purpose>`: an event for a task of another swap is never ours. */
export const taskOwner = (taskId: string): string => taskId.split(':', 1)[0] ?? '';

export function filterInput(raw: RawInput, ctx: VerifyContext): FilterVerdict {
  switch (raw.kind) {
    case 'peer': {
      const why = verifyPeerMessage(raw.msg, ctx);
      if (why === null) return { pass: true, input: { kind: 'peer-in', dir: 'in', msg: raw.msg } };
      return { pass: true, input: { kind: 'peer-verdict', dir: 'in', verdict: { kind: 'peer-invalid', msgType: raw.msg.type, reason: why.slice(0, 500) } } };
    }
    case 'client': {
      const d = ClientDatumSchema.safeParse(raw.datum);
      if (!d.success) return reject('input-malformed', `client datum rejected: ${d.error.issues[0]?.path.join('.') ?? ''}: ${d.error.issues[0]?.message ?? 'invalid'}`);
      const bad = txidMismatch(d.data);
      if (bad) return reject('txid-mismatch', bad);
      return { pass: true, input: { kind: 'client-datum', dir: 'in', datum: d.data } };
    }
    case 'btc-event':
    case 'xmr-event': {
      const e = SyncerEventSchema.safeParse(raw.event);
      if (!e.success) return reject('input-malformed', `syncer event rejected: ${e.error.issues[0]?.message ?? 'invalid'}`);
      const owner = ownerOf(e.data);
      if (owner !== ctx.swapId) return reject('input-foreign', `event for task of ${owner || 'no swap'} delivered to swap ${ctx.swapId}`);
      return { pass: true, input: { kind: raw.kind, dir: 'in', event: e.data } as InputBody };
    }
    case 'timer':
      return { pass: true, input: { kind: 'timer-fired', dir: 'in', timer: { kind: raw.timerKind, at: raw.at } } };
  }
}

function ownerOf(e: SyncerEvent): string {
  return 'taskId' in e ? taskOwner(e.taskId) : '';
}

/** The decider trusts a TxDatum's txid: it must be the hash of the bytes it comes with. */
function txidMismatch(d: ClientDatum): string | null {
  const txs = Object.entries(d).filter((kv): kv is [string, { txid: string; hex: string }] => {
    const v = kv[1] as unknown;
    return typeof v === 'object' && v !== null && 'txid' in v && 'hex' in v;
  });
  for (const [name, tx] of txs) {
    let id: string;
    try {
      id = Transaction.fromRaw(fromHex(tx.hex), { allowUnknownOutputs: true, allowUnknownInputs: true, disableScriptCheck: true }).id;
    } catch (e) {
      return `${d.kind}.${name}: not a transaction (${e instanceof Error ? e.message : String(e)})`;
    }
    if (id !== tx.txid) return `${d.kind}.${name}: txid ${tx.txid} is not the hash of its bytes (${id})`;
  }
  return null;
}

export type { SwapId };
