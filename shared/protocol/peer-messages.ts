// Counterparty protocol messages of Farcaster RFC-04 (commit/reveal, CoreArbitratingSetup,
// RefundProcedureSignatures, BuyProcedureSignature, Abort) as one closed zod union.
// Guards the peer boundary: anything not exactly one of these shapes is rejected as `peer-malformed`.
import { z } from 'zod';
import { SwapIdSchema } from '../ids';
import { appError, err, ok, type AppError, type Result } from '../result';
import {
  BtcAddressSchema,
  DleqProofSchema,
  EdPointSchema,
  EdScalarSchema,
  EncSigSchema,
  Hash32Schema,
  Point33Schema,
  Sig64Schema,
  TxHexSchema,
} from './crypto-values';

const commitCommon = {
  swapId: SwapIdSchema,
  buy: Hash32Schema,
  cancel: Hash32Schema,
  refund: Hash32Schema,
  adaptor: Hash32Schema,
  spend: Hash32Schema,
  view: Hash32Schema,
};

export const CommitAliceSchema = z.object({ type: z.literal('commit-alice'), ...commitCommon, punish: Hash32Schema }).strict();
export const CommitBobSchema = z.object({ type: z.literal('commit-bob'), ...commitCommon }).strict();

const revealCommon = {
  swapId: SwapIdSchema,
  buy: Point33Schema,
  cancel: Point33Schema,
  refund: Point33Schema,
  /** Adaptor point (Ta for Alice, Tb for Bob) = the Monero spend share's secp256k1 image. */
  adaptor: Point33Schema,
  /** Alice: her BTC payout address; Bob: his BTC refund address. */
  address: BtcAddressSchema,
  /** Private view share (both parties must be able to scan the joint address). */
  view: EdScalarSchema,
  /** Public spend share K_s. */
  spend: EdPointSchema,
  proof: DleqProofSchema,
};
export const RevealAliceSchema = z.object({ type: z.literal('reveal-alice'), ...revealCommon, punish: Point33Schema }).strict();
export const RevealBobSchema = z.object({ type: z.literal('reveal-bob'), ...revealCommon }).strict();

/** Bob -> Alice: the unsigned arbitrating txs and Bob's signature on cancel. */
export const CoreArbitratingSetupSchema = z
  .object({
    type: z.literal('core-arbitrating-setup'),
    swapId: SwapIdSchema,
    lock: TxHexSchema,
    cancel: TxHexSchema,
    refund: TxHexSchema,
    cancelSig: Sig64Schema,
  })
  .strict();

/** Alice -> Bob: her cancel signature and her refund signature encrypted to Tb. */
export const RefundProcedureSignaturesSchema = z
  .object({
    type: z.literal('refund-procedure-signatures'),
    swapId: SwapIdSchema,
    cancelSig: Sig64Schema,
    refundAdaptorSig: EncSigSchema,
  })
  .strict();

/** Bob -> Alice, once the XMR lock is final: the buy tx and Bob's buy signature encrypted to Ta. */
export const BuyProcedureSignatureSchema = z
  .object({
    type: z.literal('buy-procedure-signature'),
    swapId: SwapIdSchema,
    buy: TxHexSchema,
    buyAdaptorSig: EncSigSchema,
  })
  .strict();

export const AbortSchema = z
  .object({ type: z.literal('abort'), swapId: SwapIdSchema, errorBody: z.string().max(1000).optional() })
  .strict();

export const PeerMessageSchema = z.discriminatedUnion('type', [
  CommitAliceSchema,
  CommitBobSchema,
  RevealAliceSchema,
  RevealBobSchema,
  CoreArbitratingSetupSchema,
  RefundProcedureSignaturesSchema,
  BuyProcedureSignatureSchema,
  AbortSchema,
]);

export type CommitAlice = z.infer<typeof CommitAliceSchema>;
export type CommitBob = z.infer<typeof CommitBobSchema>;
export type RevealAlice = z.infer<typeof RevealAliceSchema>;
export type RevealBob = z.infer<typeof RevealBobSchema>;
export type CoreArbitratingSetup = z.infer<typeof CoreArbitratingSetupSchema>;
export type RefundProcedureSignatures = z.infer<typeof RefundProcedureSignaturesSchema>;
export type BuyProcedureSignature = z.infer<typeof BuyProcedureSignatureSchema>;
export type Abort = z.infer<typeof AbortSchema>;
export type PeerMessage = z.infer<typeof PeerMessageSchema>;
export type PeerMessageType = PeerMessage['type'];
export const PEER_MESSAGE_TYPES = PeerMessageSchema.options.map((o) => o.shape.type.value) as readonly PeerMessageType[];

export type PeerMessageError = AppError<'peer-malformed'>;

/** Parse untrusted bytes-turned-JSON from the peer link; never throws. */
export function parsePeerMessage(raw: unknown): Result<PeerMessage, PeerMessageError> {
  const r = PeerMessageSchema.safeParse(raw);
  if (r.success) return ok(r.data);
  const first = r.error.issues[0];
  return err(appError('peer-malformed', `peer message rejected: ${first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'invalid'}`));
}
