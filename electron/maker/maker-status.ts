// The running maker's status as a file, `<data_dir>/status.json`, replaced atomically on every change
// (a take, a stage, an outcome, an offer published or revoked) and marked stopped on a clean exit.
// Why a file, not a local socket: `status` works while the maker is busy or wedged in a long RPC, needs
// no second listener to secure, and a reader never sees half a file (rename is atomic). Liveness is the
// maker's pid (signal 0), so a maker killed -9 reads as "not running", with its last status.
// It also says where the offers are announced: the maker's Nostr key and each relay's state.
// Guards: a missing, damaged or stale file is a typed answer, never a made-up status.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { offerStatus, runningTakes, type OfferRegistry } from '../../shared/offer/offer-registry';
import { takeRange } from '../../shared/offer/standing-offer';
import { replaceFile } from '../store/atomic-file';

const OUTCOMES = ['swapped', 'refunded', 'punished', 'aborted'] as const;

export const MakerStatusSchema = z.strictObject({
  version: z.literal(1),
  pid: z.number().int(),
  state: z.enum(['starting', 'running', 'stopping', 'stopped']),
  network: z.string(),
  listen: z.strictObject({ host: z.string(), port: z.number().int() }),
  startedAt: z.string(),
  updatedAt: z.string(),
  offers: z.array(
    z.strictObject({
      offerId: z.string(),
      side: z.enum(['sell_xmr', 'buy_xmr']),
      status: z.enum(['open', 'full', 'expired', 'revoked']),
      capacity: z.number().int(),
      running: z.number().int(),
      remaining: z.number().int(),
      minBtcSats: z.string(),
      maxBtcSats: z.string(),
      xmrPiconeroAtMax: z.string(),
      expiresAt: z.string(),
      offer: z.string(),
    }),
  ),
  swaps: z.array(z.strictObject({ swapId: z.string(), role: z.enum(['alice', 'bob']), stage: z.string(), offerId: z.string().nullable() })),
  finished: z.strictObject({ swapped: z.number().int(), refunded: z.number().int(), punished: z.number().int(), aborted: z.number().int() }),
  /** Where the offers are announced (absent in a status written before the maker announced on Nostr). */
  nostr: z
    .strictObject({
      /** The maker's Nostr key (hex): its offers' events are signed by it; null until the publisher started. */
      pubkey: z.string().nullable(),
      relays: z.array(z.strictObject({ url: z.string(), status: z.enum(['connecting', 'connected', 'failing', 'closed']), lastError: z.string().nullable() })),
    })
    .optional(),
});
export type MakerStatus = z.infer<typeof MakerStatusSchema>;
export type FinishedCounts = MakerStatus['finished'];
export type StatusOffer = MakerStatus['offers'][number];

export const emptyCounts = (): FinishedCounts => ({ swapped: 0, refunded: 0, punished: 0, aborted: 0 });
export const isOutcome = (o: string): o is (typeof OUTCOMES)[number] => (OUTCOMES as readonly string[]).includes(o);

export const statusFile = (dataDir: string) => path.join(dataDir, 'status.json');

/** The offers in the book, newest first, as the status shows them; `all`: revoked and expired ones too. */
export function statusOffers(book: OfferRegistry, nowSec: number, all = false): StatusOffer[] {
  const out: StatusOffer[] = [];
  for (const [offerId, e] of Object.entries(book.offers)) {
    const status = offerStatus(e, nowSec);
    if (!all && (status === 'revoked' || status === 'expired')) continue;
    const capacity = e.terms.standing?.capacity ?? 1;
    const running = runningTakes(e).length;
    const { min, max } = takeRange(e.terms);
    out.push({
      offerId,
      side: e.terms.makerRole === 'alice' ? 'sell_xmr' : 'buy_xmr',
      status,
      capacity,
      running,
      remaining: status === 'open' || status === 'full' ? Math.max(0, capacity - running) : 0,
      minBtcSats: min.toString(),
      maxBtcSats: max.toString(),
      xmrPiconeroAtMax: e.terms.xmrPiconero,
      expiresAt: new Date(e.terms.expiresAt * 1000).toISOString(),
      offer: e.offer,
    });
  }
  return out.sort((a, b) => b.expiresAt.localeCompare(a.expiresAt));
}

/**
 * Whole or old for a reader (temp file, rename), but not fsync'd: the status is a view of the running
 * maker, rewritten at every tick and at start, and nothing is decided from it. Its two fsyncs a write
 * held the maker's event loop for 3.9 s of 200 s in bench:maker --swaps 5 (a write per 200 ms of notes).
 */
export function writeStatus(dataDir: string, s: MakerStatus): void {
  replaceFile(statusFile(dataDir), `${JSON.stringify(s, null, 2)}\n`, 0o600);
}

export type StatusAnswer =
  | { readonly kind: 'running'; readonly status: MakerStatus }
  | { readonly kind: 'not-running'; readonly reason: string; readonly last: MakerStatus | null };

/** Is a maker running on this data dir, and its status (the file, checked against its pid). */
export function readStatus(dataDir: string, alive: (pid: number) => boolean = pidAlive): StatusAnswer {
  const file = statusFile(dataDir);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { kind: 'not-running', reason: code === 'ENOENT' ? `no maker has run with data_dir ${dataDir} (no ${file})` : `the status file ${file} cannot be read: ${(e as Error).message}`, last: null };
  }
  const s = MakerStatusSchema.safeParse(raw);
  if (!s.success) return { kind: 'not-running', reason: `the status file ${file} does not parse: ${s.error.issues[0]?.message ?? 'invalid'}`, last: null };
  if (s.data.state === 'stopped') return { kind: 'not-running', reason: `the maker stopped at ${s.data.updatedAt}`, last: s.data };
  if (!alive(s.data.pid)) return { kind: 'not-running', reason: `the maker (pid ${s.data.pid}) is gone without stopping cleanly; last status ${s.data.updatedAt}`, last: s.data };
  return { kind: 'running', status: s.data };
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
