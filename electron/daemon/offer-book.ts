// The maker's offer registry on disk: shared/offer/offer-registry.ts's state in one JSON file, replaced
// atomically (electron/store/atomic-file.ts) after every change. Guards: a take is durable in the book
// before the maker creates its swap (a crash in between is reconciled at the next start: a take with
// no running swap is ended); a refused take writes nothing; a damaged file is an error, never an
// empty book (that would forget running takes and let an offer exceed its capacity).
import fs from 'node:fs';
import path from 'node:path';
import type { SwapId } from '../../shared/ids';
import type { OfferTerms } from '../../shared/offer/offer-schema';
import {
  addOffer,
  checkTake,
  emptyRegistry,
  endTake,
  OfferRegistrySchema,
  recordTake,
  revokeOffer,
  runningTakes,
  type OfferRegistry,
  type TakeRecord,
} from '../../shared/offer/offer-registry';
import type { TakeError, TakeRequest } from '../../shared/offer/standing-offer';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';
import { writeFileAtomic } from '../store/atomic-file';

export class OfferBook {
  private readonly listeners = new Set<(registry: OfferRegistry) => void>();
  private constructor(
    private readonly file: string,
    private state: OfferRegistry,
  ) {}

  static open(file: string): Result<OfferBook, AppError> {
    if (!fs.existsSync(file)) return ok(new OfferBook(file, emptyRegistry()));
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      return err(appError('offer-book-damaged', `the offer book ${file} cannot be read: ${(e as Error).message}`));
    }
    const parsed = OfferRegistrySchema.safeParse(raw);
    if (!parsed.success) return err(appError('offer-book-damaged', `the offer book ${file} does not parse: ${parsed.error.issues[0]?.message ?? 'invalid'}`));
    return ok(new OfferBook(file, parsed.data));
  }

  get snapshot(): OfferRegistry {
    return this.state;
  }

  publish(offer: string, terms: OfferTerms): void {
    this.set(addOffer(this.state, offer, terms));
  }

  /** New takes are refused from now on; running swaps of the offer are not touched. */
  revoke(offerId: string): void {
    this.set(revokeOffer(this.state, offerId));
  }

  /** Checks a take and, if it is accepted, records it durably; a refusal writes nothing. */
  reserve(req: TakeRequest, takerKey: string, swapId: SwapId, nowSec: number): Result<TakeRecord, TakeError> {
    const take = checkTake(this.state, req, takerKey, swapId, nowSec);
    if (!take.ok) return take;
    this.set(recordTake(this.state, req.offerId, take.value));
    return take;
  }

  /** The take's swap reached an outcome (or never started): its place in the capacity is free again. */
  end(swapId: string): void {
    this.set(endTake(this.state, swapId));
  }

  /** After a restart: every take whose swap is not among `running` has ended. */
  reconcile(running: ReadonlySet<string>): void {
    let s = this.state;
    for (const e of Object.values(s.offers)) for (const t of runningTakes(e)) if (!running.has(t.swapId)) s = endTake(s, t.swapId);
    this.set(s);
  }

  /** Called after each durable change (publish, take, end, revoke, reconcile): the Nostr announcer follows it. */
  onChange(cb: (registry: OfferRegistry) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  private set(next: OfferRegistry): void {
    if (next === this.state) return;
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    writeFileAtomic(this.file, JSON.stringify(next), 0o600);
    this.state = next;
    for (const cb of this.listeners) cb(next);
  }
}
