// Amounts and durations as people read them. Amounts stay exact (BigInt over the integer strings the
// daemon sends): a rounded funding amount would make the payment wrong.
import type { Network } from '../../shared/ipc/channels';
import { BTC_NETWORKS } from '../../shared/networks/bitcoin-chains';
import { SWAP_NETWORKS } from '../../shared/networks/swap-networks';

const groupDecimals = (units: string, decimals: number, opts: { exact?: boolean }): string => {
  const digits = units.replace(/^0+(?=\d)/, '');
  if (!/^\d+$/.test(digits)) return '?';
  const padded = digits.padStart(decimals + 1, '0');
  const whole = padded.slice(0, padded.length - decimals);
  let frac = padded.slice(padded.length - decimals);
  if (!opts.exact) frac = frac.replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : whole;
};

/** 150000000 sats -> "1.5"; exact keeps all 8 decimals (what to type into a wallet). */
export const satsToBtc = (sats: string | bigint, opts: { exact?: boolean } = {}): string => groupDecimals(String(sats), 8, opts);

/** 1 XMR = 10^12 piconero. */
export const piconeroToXmr = (pico: string | bigint, opts: { exact?: boolean } = {}): string => groupDecimals(String(pico), 12, opts);

export const formatBtc = (sats: string | bigint, opts: { exact?: boolean } = {}): string => `${satsToBtc(sats, opts)} BTC`;
export const formatXmr = (pico: string | bigint, opts: { exact?: boolean } = {}): string => `${piconeroToXmr(pico, opts)} XMR`;

/** A duration in words, rounded to what matters for a deadline: "about 3 hours 20 min". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return 'unknown';
  if (seconds < 60) return 'less than a minute';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours < 24) return rest ? `${hours} h ${rest} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  const h = hours % 24;
  return h ? `${days} d ${h} h` : `${days} d`;
}

/**
 * Blocks as approximate time at the network's block interval. Regtest mines on demand (interval 0),
 * so there the blocks are the only honest measure.
 */
export function blocksToTime(blocks: number, secondsPerBlock: number): string {
  const b = `${blocks} block${blocks === 1 ? '' : 's'}`;
  if (!(secondsPerBlock > 0)) return `${b} (as fast as blocks are mined)`;
  const seconds = blocks * secondsPerBlock;
  // "about less than a minute" reads badly: a short span is said as it is.
  return seconds < 60 ? `${b} (${formatDuration(seconds)})` : `${b} (about ${formatDuration(seconds)})`;
}

/** sat/kvB -> sat/vB, the unit wallets show. */
export const feeRateText = (satPerKvB: number): string => `${(satPerKvB / 1000).toLocaleString('en-US', { maximumFractionDigits: 3 })} sat/vB`;

export const shortId = (id: string): string => id.slice(0, 8);

/** The person's side in the words the wizard's first step uses. */
export const roleText = (role: 'alice' | 'bob'): string => (role === 'alice' ? 'Selling XMR for BTC' : 'Buying XMR with BTC');

/** "5 minutes ago" style for list rows; absolute date past a day. */
export function formatWhen(ms: number, now: number): string {
  const s = Math.round((now - ms) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

/** Expected seconds per Bitcoin block for turning deadlines into time; regtest mines on demand. */
export const btcBlockSecondsOf = (network: Network | undefined): number => (network ? BTC_NETWORKS[SWAP_NETWORKS[network].btc].blockSeconds : 0);

export const OUTCOME_TEXT = {
  running: 'Running',
  swapped: 'Swapped',
  refunded: 'Refunded',
  punished: 'Punished',
  aborted: 'Aborted',
  damaged: 'Damaged: the saved record of this swap cannot be read',
  archived: 'Archived: the sandbox chains it ran on are gone',
} as const;

/** A daemon message as a sentence: capital first letter, final period (messages come lower-case). */
export function sentence(message: string): string {
  const m = message.trim();
  if (!m) return m;
  const s = m[0]!.toUpperCase() + m.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

/** Under the outcome's heading ("Swapped"), its stage without the same word again ("the XMR is in your wallet."). */
export function stageAfterOutcome(s: { readonly outcome: keyof typeof OUTCOME_TEXT; readonly stage: string }): string {
  const head = `${OUTCOME_TEXT[s.outcome]}: `;
  return s.stage.startsWith(head) ? sentence(s.stage.slice(head.length)) : s.stage;
}
