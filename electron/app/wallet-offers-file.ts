// What the person's wallet keeps about being a maker besides its offer book (`<data>/offers/`): the
// port its listener answers on (the offers carry it, so it comes back on the same one after a
// restart) and, per offer, the person's payout addresses every take of it is backed up with.
// Guards: written atomically before the offer is signed and published, so no take can arrive for an
// offer whose addresses are unknown; a damaged file is an error, never an empty one.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';
import { writeFileAtomic } from '../store/atomic-file';

const PayoutSchema = z.strictObject({ btcAddress: z.string().min(1).max(200), xmrAddress: z.string().min(1).max(200) });
export type OfferPayout = z.infer<typeof PayoutSchema>;

const MakerFileSchema = z.strictObject({
  version: z.literal(1),
  /** The listener's port; null until the first offer was made. */
  port: z.number().int().min(1).max(65535).nullable(),
  payouts: z.record(z.string(), PayoutSchema),
});
type MakerFile = z.infer<typeof MakerFileSchema>;

export class WalletMakerFile {
  private constructor(
    private readonly file: string,
    private state: MakerFile,
  ) {}

  static open(file: string): Result<WalletMakerFile, AppError> {
    if (!fs.existsSync(file)) return ok(new WalletMakerFile(file, { version: 1, port: null, payouts: {} }));
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      return err(appError('offer-book-damaged', `${file} cannot be read: ${(e as Error).message}`));
    }
    const p = MakerFileSchema.safeParse(raw);
    return p.success ? ok(new WalletMakerFile(file, p.data)) : err(appError('offer-book-damaged', `${file} does not parse: ${p.error.issues[0]?.message ?? 'invalid'}`));
  }

  get port(): number | null {
    return this.state.port;
  }
  payout(offerId: string): OfferPayout | undefined {
    return this.state.payouts[offerId];
  }

  setPort(port: number): void {
    if (port !== this.state.port) this.write({ ...this.state, port });
  }
  setPayout(offerId: string, p: OfferPayout): void {
    this.write({ ...this.state, payouts: { ...this.state.payouts, [offerId]: p } });
  }

  private write(next: MakerFile): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    writeFileAtomic(this.file, JSON.stringify(next), 0o600);
    this.state = next;
  }
}
