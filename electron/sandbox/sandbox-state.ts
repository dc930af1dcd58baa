// What a sandbox keeps in its dir between runs, besides the chains and wallets themselves: the ports and
// credentials to come back on (above all the maker's listener port, which its signed offers carry), the
// addresses it handed out, and the lock that makes one process the dir's only owner.
// Guards: the state file is written atomically (temp, fsync, rename) and schema-checked on read (a bad
// file is an error, never silently replaced: it names the port unfinished swaps depend on); the lock
// is the store's writer lock (pid + process start time), so a lock left by a kill -9 is taken over.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../store/atomic-file';
import { acquireWriterLock, type WriterLock } from '../store/writer-lock';

const Port = z.number().int().min(1).max(65_535);
export const SandboxStateSchema = z
  .object({
    v: z.literal(1),
    btc: z.object({ rpcPort: Port, rpcPassword: z.string().regex(/^[0-9a-f]{16,64}$/) }).strict().optional(),
    xmr: z.object({ rpcPort: Port }).strict().optional(),
    /** The maker's peer listener (in every offer it signed) and the BTC address it is paid to. */
    maker: z.object({ port: Port.optional(), btcPayout: z.string().min(1).optional() }).strict().optional(),
    /** The local Nostr relay's port (its URL may be in a wallet's relay list): reused when free. */
    relay: z.object({ port: Port }).strict().optional(),
    /** "Your other wallets": the BTC address the sandbox suggested (the XMR one is its wallet's primary address). */
    yourBtc: z.string().min(1).optional(),
  })
  .strict();
export type SandboxState = z.infer<typeof SandboxStateSchema>;

const stateFile = (dir: string) => path.join(dir, 'sandbox-state.json');

export function readSandboxState(dir: string): SandboxState {
  let raw: string;
  try {
    raw = fs.readFileSync(stateFile(dir), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { v: 1 };
    throw e;
  }
  const p = SandboxStateSchema.safeParse(JSON.parse(raw));
  if (!p.success) throw new Error(`${stateFile(dir)} is not a sandbox state file (${p.error.issues[0]?.message ?? 'invalid'}): fix or delete it (deleting it moves the maker to a new port)`);
  return p.data;
}

export function writeSandboxState(dir: string, s: SandboxState): void {
  writeFileAtomic(stateFile(dir), JSON.stringify(s, null, 2), 0o600);
}

/**
 * The dir's single-owner lock. A live owner (another sandbox on this dir) is refused, or waited for up to
 * `waitMs` (a host replacing a sandbox that is still stopping its nodes); a dead owner's lock is taken over.
 */
export async function lockSandboxDir(dir: string, waitMs: number, say: (l: string) => void): Promise<WriterLock> {
  const deadline = Date.now() + waitMs;
  let told = false;
  for (;;) {
    const l = acquireWriterLock(dir);
    if (l.ok) return l.value;
    const owner = lockOwner(dir);
    if (l.error.kind !== 'store-locked' || Date.now() >= deadline) {
      throw new Error(`another sandbox is running on ${dir}${owner ? ` (pid ${owner})` : ''}: stop it first, or use another --dir (${l.error.message})`);
    }
    if (!told) say(`waiting for the sandbox${owner ? ` pid ${owner}` : ''} on ${dir} to stop`);
    told = true;
    await new Promise((r) => setTimeout(r, 250));
  }
}

function lockOwner(dir: string): number | null {
  try {
    const v = JSON.parse(fs.readFileSync(path.join(dir, 'LOCK'), 'utf8')) as { pid?: unknown };
    return typeof v.pid === 'number' ? v.pid : null;
  } catch {
    return null;
  }
}
