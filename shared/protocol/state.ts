// The swap state: the net marking (tokens carry validated data) plus what the syncers reported,
// the standing watch tasks and own broadcasts. Plain JSON with a zod schema, so a checkpoint is
// `JSON.stringify(state)` and recovery from it equals the full fold.
import { z } from 'zod';
import { AmountSchema, HexSchema, TxidSchema } from '../ids';
import { BtcTaskSchema, XmrTaskSchema } from '../syncer/messages';
import { initialMarking } from '../petri/engine';
import type { NetSpec } from '../petri/net';
import { ClientDatumSchema } from './datum';
import { DealSchema, type Deal } from './deal';
import { PeerMessageSchema } from './peer-messages';
import { ALICE_PLACES } from './net-alice';
import { BOB_PLACES } from './net-bob';

const TxWatchSchema = z
  .object({
    txid: TxidSchema,
    /** Last report: null = unknown to the node (never seen or dropped), 0 = mempool. */
    confs: z.number().int().min(0).nullable(),
    /** Highest count ever reported (-1: never seen); thresholds use it, so a closed window stays closed. */
    maxConfs: z.number().int().min(-1),
    hex: HexSchema.nullable(),
  })
  .strict();
export type TxWatch = z.infer<typeof TxWatchSchema>;

const StandingTaskSchema = z.discriminatedUnion('chain', [
  z.object({ chain: z.literal('btc'), task: BtcTaskSchema }).strict(),
  z.object({ chain: z.literal('xmr'), task: XmrTaskSchema }).strict(),
]);
export type StandingTask = z.infer<typeof StandingTaskSchema>;

const SeenSchema = z.object({ txid: TxidSchema, amount: AmountSchema, confs: z.number().int().min(0) }).strict();

/** Which datum a token on a place carries; places not listed carry `true`. */
export const TOKEN_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  own_params: ClientDatumSchema,
  peer_commit: PeerMessageSchema,
  peer_revealed: PeerMessageSchema,
  setup: PeerMessageSchema,
  refund_sigs: PeerMessageSchema,
  buysig: PeerMessageSchema,
  setup_bundle: ClientDatumSchema,
  refund_bundle: ClientDatumSchema,
  lock_bundle: ClientDatumSchema,
  buy_bundle: ClientDatumSchema,
  sweep_keys: ClientDatumSchema,
  /** The abort instruction or the peer's abort message. */
  aborting: z.union([ClientDatumSchema, PeerMessageSchema]),
};

export const SwapStateSchema = z
  .object({
    v: z.literal(1),
    deal: DealSchema,
    /** Sequence number the next entry must carry (= number of entries applied). */
    seq: z.number().int().min(0),
    marking: z.record(z.string(), z.unknown()),
    btcHeight: z.number().int().min(0),
    xmrHeight: z.number().int().min(0),
    /** Watched BTC txs by protocol name (lock, cancel, refund, buy, punish). */
    txs: z.record(z.string(), TxWatchSchema),
    /** Bob: payment seen at the funding address. */
    funding: SeenSchema.nullable(),
    /** Incoming transfers seen at the joint XMR address, by txid. */
    xmrDeposits: z.record(z.string(), z.object({ amount: AmountSchema, confs: z.number().int().min(0) }).strict()),
    /** Bob: a spend of the cancel output that is not his refund (= punish; its txid is Alice's choice). */
    punishSpend: z.object({ txid: TxidSchema, maxConfs: z.number().int().min(0) }).strict().nullable(),
    swept: z.boolean(),
    /** The XMR sweep's transaction ids as the syncer reported them (absent in states folded before it was kept). */
    sweepTxids: z.array(TxidSchema).max(16).optional(),
    /** When the swap reached its outcome: the ts of the entry that marked a terminal place (absent before). */
    endedAt: z.number().int().min(0).optional(),
    /** Every watch/sweep task emitted so far, by task id: `resume` re-sends exactly these. */
    standing: z.record(z.string(), StandingTaskSchema),
    /** Own broadcasts by tx name; `retry` re-broadcasts once the BTC height reaches `retryAt`. */
    broadcasts: z.record(
      z.string(),
      z.object({ attempt: z.number().int().min(1), status: z.enum(['sent', 'retry']), retryAt: z.number().int().min(0) }).strict(),
    ),
    /** A restore was applied and the standing tasks have not been re-sent yet. */
    resumeDue: z.boolean(),
  })
  .strict()
  .superRefine((s, ctx) => {
    const places: readonly string[] = s.deal.role === 'alice' ? ALICE_PLACES : BOB_PLACES;
    for (const [place, token] of Object.entries(s.marking)) {
      if (!places.includes(place)) ctx.addIssue({ code: 'custom', path: ['marking', place], message: `${place} is no place of ${s.deal.role}'s net` });
      const schema = TOKEN_SCHEMAS[place];
      if (token === true) continue;
      if (!schema || !schema.safeParse(token).success)
        ctx.addIssue({ code: 'custom', path: ['marking', place], message: `bad token on ${place}` });
    }
  });
export type SwapState = z.infer<typeof SwapStateSchema>;

export const makeInitialState = (net: NetSpec, deal: Deal): SwapState => ({
  v: 1,
  deal,
  seq: 0,
  marking: initialMarking(net),
  btcHeight: 0,
  xmrHeight: 0,
  txs: {},
  funding: null,
  xmrDeposits: {},
  punishSpend: null,
  swept: false,
  standing: {},
  broadcasts: {},
  resumeDue: false,
});
