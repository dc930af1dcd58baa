// The swap parameters a decider is created with (role, amounts, timelocks, finality, safety margin).
// Guards temporal safety: parameters that leave no safe buy window are rejected before a swap starts.
import { z } from 'zod';
import { AmountSchema, SwapIdSchema } from '../ids';
import { appError, err, ok, type AppError, type Result } from '../result';
import { temporalSafetyProblem } from './temporal-safety';

export const RoleSchema = z.enum(['alice', 'bob']);
export type Role = z.infer<typeof RoleSchema>;

const blocks = z.number().int().min(1).max(65_535);

export const DealSchema = z
  .object({
    swapId: SwapIdSchema,
    role: RoleSchema,
    /** Satoshis locked by Bob (the lock output value). */
    btcAmount: AmountSchema,
    /** Piconero Alice must lock at the joint address. */
    xmrAmount: AmountSchema,
    /** Lock confirmations before cancel is valid (BIP68 on cancel's input). */
    cancelTimelock: blocks,
    /** Cancel confirmations before punish is valid. */
    punishTimelock: blocks,
    finalityBtc: blocks,
    finalityXmr: blocks,
    /** Race margin in blocks (node TemporalSafety `race_thr`). */
    safety: blocks,
    /**
     * The fee rate (sat/kvB) the offer signed: both sides build and check every swap transaction at
     * it. Absent in transcripts written before the field existed: those swaps all ran at 2000.
     */
    feeRateSatPerKvB: z.number().int().min(1).max(0xffffffff).optional(),
  })
  .strict();
export type Deal = z.infer<typeof DealSchema>;

/** The one rate every swap used before deals carried theirs: an old transcript folds at it. */
export const LEGACY_FEE_RATE_SAT_PER_KVB = 2000;

/** The swap's fee rate in sat/kvB: the deal's, or the legacy rate for a deal written before it had one. */
export const dealFeeRate = (d: Deal): bigint => BigInt(d.feeRateSatPerKvB ?? LEGACY_FEE_RATE_SAT_PER_KVB);

export type DealError = AppError<'deal-invalid'>;

/** node `TemporalSafety::valid_params`, plus: the buy window (fin ..= cancel - safety) must not be empty. */
export function validateDeal(raw: unknown): Result<Deal, DealError> {
  const r = DealSchema.safeParse(raw);
  if (!r.success) return err(appError('deal-invalid', `deal rejected: ${r.error.issues[0]?.message ?? 'invalid'}`));
  const d = r.data;
  const problem = temporalSafetyProblem({ finality: d.finalityBtc, safety: d.safety, cancel: d.cancelTimelock, punish: d.punishTimelock });
  if (problem) return err(appError('deal-invalid', `deal rejected: ${problem}`));
  if (!(BigInt(d.btcAmount) > 0n && BigInt(d.xmrAmount) > 0n)) return err(appError('deal-invalid', 'deal rejected: amounts must be positive'));
  return ok(d);
}

/** Lock confirmation thresholds derived from a deal (protocol.md section 3 / 12). */
export interface Thresholds {
  /** Alice may show the XMR address while lock confs <= this (stop_funding_before_cancel). */
  readonly lastFundingConf: number;
  /** Alice may broadcast buy while lock confs <= this (safe_buy). */
  readonly lastBuyConf: number;
}
export const thresholdsOf = (d: Deal): Thresholds => ({
  lastFundingConf: d.cancelTimelock - d.safety + 1,
  lastBuyConf: d.cancelTimelock - d.safety,
});
