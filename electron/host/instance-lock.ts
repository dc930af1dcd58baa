// One wallet host per data directory. The first host holds `<dataDir>/HOST.lock` (pid, process start,
// the URL it serves); a second `npm start` on the same folder reads it and points the person at the
// running one instead of fighting over the port and the transcripts. A lock left by a killed host
// (kill -9) names a dead pid and is taken over.
import { mkdirSync } from 'node:fs';
import { acquireWriterLock, liveLockOwner, type WriterLock } from '../store/writer-lock';

const NAME = 'HOST.lock';

export type InstanceClaim =
  | { readonly kind: 'claimed'; readonly lock: WriterLock }
  | { readonly kind: 'running'; readonly pid: number; readonly url: string | null; readonly message: string }
  | { readonly kind: 'failed'; readonly message: string };

export function claimInstance(dataDir: string): InstanceClaim {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const r = acquireWriterLock(dataDir, { name: NAME });
  if (r.ok) return { kind: 'claimed', lock: r.value };
  const owner = liveLockOwner(dataDir, NAME);
  if (r.error.kind === 'store-locked' && owner) {
    const url = owner.info['url'] ?? null;
    const where = url ? `: open ${url}` : ' (it is still starting; its URL follows in a few seconds)';
    return { kind: 'running', pid: owner.pid, url, message: `The wallet is already running for ${dataDir} (process ${owner.pid})${where}` };
  }
  return { kind: 'failed', message: r.error.message };
}
