// The restore report: after a restore (from the words alone, or the words and the backup file), what the
// wallet knows of each swap, in plain words: it resumes, it had finished, or it cannot be recovered,
// and for the last what can still be done with what the person may hold (the recovery file exported
// from the swap page, the counterparty's cooperation, the backup file). Pure: the host gathers the
// facts (the backup's client backup and transcripts against what the reopened wallet lists) and shows
// this. Guards: a swap is said to resume only when its transcript came back and the wallet does not
// list it as ended or damaged; "nothing lost" is said only when its state shows nothing was locked;
// with the words alone and no swap on record, the report says the wallet has no record of earlier swaps.
import { z } from 'zod';

const SwapIdText = z.string().regex(/^[0-9a-f]{32}$/);
/** The outcomes SwapSummary names (shared/ipc/channels.ts), as the reopened wallet lists a swap. */
export type RestoredOutcome = 'running' | 'swapped' | 'refunded' | 'punished' | 'aborted' | 'damaged' | 'archived';

/** What the host knows of one swap after the restore. */
export interface RestoredSwapFacts {
  readonly swapId: string;
  /** alice: sold XMR (locks XMR); bob: sold BTC (locks BTC); null: not known. */
  readonly role: 'alice' | 'bob' | null;
  /** The backup's client backup named it (its offer, deal and addresses came back). */
  readonly inClientBackup: boolean;
  /** Its transcript came back from the file (or was in the data folder already). */
  readonly transcript: boolean;
  /** How the reopened wallet lists it; null: it does not list it (no transcript, or the daemon is not up). */
  readonly outcome: RestoredOutcome | null;
  /** Where it stood, in the wallet's words, when listed. */
  readonly stage: string | null;
  /** What its last known state had locked; null: not known. */
  readonly locked: { readonly btc: boolean; readonly xmr: boolean } | null;
}

export interface RestoreFacts {
  /** words: the 24 words alone; backup: the words and the backup file. */
  readonly source: 'words' | 'backup';
  readonly restoredAt: number;
  /** When the backup file was written (ms); null with the words alone. */
  readonly backupWrittenAt: number | null;
  readonly swaps: readonly RestoredSwapFacts[];
}

export const RestoreVerdictSchema = z.enum(['resumes', 'finished', 'cannot-recover']);
export type RestoreVerdict = z.infer<typeof RestoreVerdictSchema>;

export const RestoreReportSchema = z
  .object({
    source: z.enum(['words', 'backup']),
    restoredAt: z.number().int().min(0),
    backupWrittenAt: z.number().int().min(0).nullable(),
    /** One line over the whole report. */
    headline: z.string().max(400),
    swaps: z
      .array(
        z
          .object({
            swapId: SwapIdText,
            role: z.enum(['alice', 'bob']).nullable(),
            verdict: RestoreVerdictSchema,
            /** What the wallet knows of it, one or two sentences. */
            detail: z.string().max(1000),
            /** What the person can still do (for a swap that cannot be recovered), one step a line. */
            canDo: z.array(z.string().max(600)).max(8),
          })
          .strict(),
      )
      .max(10_000),
    /** With the words alone and no swap on record: the wallet has no record of earlier swaps, and what to do. */
    noRecord: z.object({ text: z.string().max(600), canDo: z.array(z.string().max(600)).max(8) }).strict().nullable(),
  })
  .strict();
export type RestoreReport = z.infer<typeof RestoreReportSchema>;
export type RestoreReportSwap = RestoreReport['swaps'][number];

const ENDED: ReadonlySet<RestoredOutcome> = new Set(['swapped', 'refunded', 'punished', 'aborted', 'archived']);

const ENDED_WORDS: Record<string, string> = {
  swapped: 'it had swapped',
  refunded: 'it had been refunded',
  punished: 'it had ended with the punish transaction',
  aborted: 'it had been aborted before anything was locked',
  archived: 'you had set it aside (its sandbox chains are gone)',
};

/** What can still be done for the BTC a BTC seller (Bob) locked, without the swap's records. */
const BTC_LOCKED = [
  'If your BTC was locked: it comes back only through the swap\'s cancel and refund transactions, which need the swap\'s records. Open the recovery file you exported from the swap page (fcswap-recovery-…json) and broadcast its cancel, then its refund, once the cancel timelock has passed, and before the punish timelock (after it the counterparty may take the BTC).',
  'Without that file, only the counterparty can help: ask them (the maker of the offer) to finish or cancel the swap with you.',
];
/** The same for the XMR a seller of XMR (Alice) locked. */
const XMR_LOCKED = [
  'If your XMR was locked: it can be taken back only with both halves of the lock\'s key. Yours comes from your seed; the other is revealed when the counterparty takes the BTC or refunds, and reading it needs the swap\'s records: the recovery file you exported from the swap page, or the counterparty\'s cooperation.',
  'If the counterparty locked BTC and then went silent, the punish transaction (in that recovery file, after the punish timelock) is what remains.',
];
const GIVEN_UP = 'The counterparty\'s wallet gives the swap up after its timeout.';
const NOTHING_LOCKED = `Nothing was locked yet: nothing is lost. ${GIVEN_UP}`;

function cannotRecover(s: RestoredSwapFacts): RestoreReportSwap {
  const why = s.outcome === 'damaged' ? 'its records came back damaged' : s.transcript ? 'the wallet could not read its records' : 'the backup holds its offer and addresses but not its records (the swap began after the backup was written, or before its first step)';
  const canDo: string[] = [];
  if (s.locked && !s.locked.btc && !s.locked.xmr) canDo.push(NOTHING_LOCKED);
  else {
    const unknown = s.locked === null;
    if (unknown) canDo.push(`If nothing was locked yet: nothing is lost. ${GIVEN_UP}`);
    if (s.role !== 'alice' && (unknown || s.locked?.btc)) canDo.push(...BTC_LOCKED);
    if (s.role !== 'bob' && (unknown || s.locked?.xmr)) canDo.push(...XMR_LOCKED);
    if (canDo.length === 0) canDo.push(...(s.role === 'alice' ? XMR_LOCKED : BTC_LOCKED));
  }
  return { swapId: s.swapId, role: s.role, verdict: 'cannot-recover', detail: `This wallet cannot resume it: ${why}.`, canDo };
}

function one(s: RestoredSwapFacts, f: RestoreFacts): RestoreReportSwap {
  if (s.outcome !== null && ENDED.has(s.outcome)) {
    return { swapId: s.swapId, role: s.role, verdict: 'finished', detail: `Nothing to do: ${ENDED_WORDS[s.outcome] ?? 'it had ended'}.`, canDo: [] };
  }
  if (s.transcript && (s.outcome === 'running' || s.outcome === null)) {
    const from = f.source === 'backup' ? 'Its records came back from the backup file' : 'Its records are in this data folder';
    const where = s.stage ? ` (it stood at: ${s.stage})` : '';
    return {
      swapId: s.swapId,
      role: s.role,
      verdict: 'resumes',
      detail: `${from}${where}; the wallet reads the chains and the counterparty again from there and takes it to its end. Keep the wallet open: its deadlines still run.`,
      canDo: [],
    };
  }
  return cannotRecover(s);
}

const WORDS_ONLY_CAN_DO = [
  'If you have the backup file (fcswap-backup.enc, in the folder chosen in Settings on the old machine), restore again with your words and that file: this wallet\'s data folder holds no swap, so it will take it.',
  'If a swap was running and nothing was locked yet: nothing is lost; the counterparty\'s wallet gives it up after its timeout.',
  BTC_LOCKED[0]!,
  XMR_LOCKED[0]!,
  'Without the backup file or a recovery file, only the counterparty can help: ask the maker of the offer to finish or cancel the swap with you.',
];

/** The report of a restore, from what the host gathered. */
export function restoreReport(f: RestoreFacts): RestoreReport {
  const swaps = [...f.swaps].sort((a, b) => a.swapId.localeCompare(b.swapId)).map((s) => one(s, f));
  const n = (v: RestoreVerdict) => swaps.filter((s) => s.verdict === v).length;
  const noRecord =
    f.source === 'words' && swaps.length === 0
      ? { text: 'Your words brought back the keys, not the swaps: this wallet has no record of any swap made before. Your funds outside swaps (on your own BTC and XMR wallets) were never held here.', canDo: WORDS_ONLY_CAN_DO }
      : null;
  const headline =
    swaps.length === 0
      ? f.source === 'backup'
        ? 'The seed and the backup file are restored; the backup held no swap.'
        : 'The seed is restored; this wallet has no record of earlier swaps.'
      : `${f.source === 'backup' ? 'The seed and the backup file are restored' : 'The seed is restored'}: ${swaps.length} swap${swaps.length === 1 ? '' : 's'}, ${n('resumes')} resume${n('resumes') === 1 ? 's' : ''}, ${n('finished')} finished, ${n('cannot-recover')} cannot be recovered.`;
  return { source: f.source, restoredAt: f.restoredAt, backupWrittenAt: f.backupWrittenAt, headline, swaps, noRecord };
}
