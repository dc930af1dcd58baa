// What a daemon keeps on disk for its peer links: its ed25519 identity seed (created once, mode 0600)
// and, per maker swap, the taker key bound on first contact. Guards: the identity never changes
// once created, so a restarted taker re-dials with the key its maker bound and a restarted maker
// answers with the key its offer pinned; a bound taker key is durable before its first message is acked.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';
import { writeFileAtomic } from '../store/atomic-file';

const SEED_BYTES = 32;

/**
 * The daemon's identity seed from `file`, created with fresh random bytes (mode 0600) on first start.
 * Refuses a file of the wrong size, or one other users can read (the seed signs offers).
 */
export function loadOrCreateIdentitySeed(file: string): Result<Uint8Array, AppError> {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    if (!fs.existsSync(file)) writeFileAtomic(file, new Uint8Array(randomBytes(SEED_BYTES)), 0o600);
    const st = fs.statSync(file);
    if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) {
      return err(appError('identity-exposed', `peer identity ${file} is readable by other users (mode ${(st.mode & 0o777).toString(8)}): run chmod 600 on it`));
    }
    const seed = new Uint8Array(fs.readFileSync(file));
    if (seed.length !== SEED_BYTES) return err(appError('identity-damaged', `peer identity ${file} holds ${seed.length} bytes, not ${SEED_BYTES}: restore it from a backup (a new key breaks the links of running swaps)`));
    return ok(seed);
  } catch (e) {
    return err(appError('identity-io', `cannot read or create the peer identity ${file}: ${(e as Error).message}`));
  }
}

/** Per-swap taker keys a maker bound (hex ed25519), one small file each. */
export class TakerBindings {
  constructor(private readonly dir: string) {}

  private file(swapId: string): string {
    if (!/^[0-9a-f]+$/i.test(swapId)) throw new RangeError(`not a swap id: ${swapId}`);
    return path.join(this.dir, `${swapId}.key`);
  }

  get(swapId: string): string | undefined {
    try {
      const s = fs.readFileSync(this.file(swapId), 'utf8').trim();
      return /^[0-9a-f]{64}$/.test(s) ? s : undefined;
    } catch {
      return undefined;
    }
  }

  /** Durable before it returns; binding the same key again is a no-op. */
  bind(swapId: string, takerKey: string): Result<void, AppError> {
    if (this.get(swapId) === takerKey) return ok(undefined);
    try {
      fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      writeFileAtomic(this.file(swapId), Buffer.from(takerKey, 'utf8'), 0o600);
      return ok(undefined);
    } catch (e) {
      return err(appError('binding-io', `cannot persist the taker key of swap ${swapId}: ${(e as Error).message}`));
    }
  }
}
