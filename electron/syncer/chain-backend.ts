// The contract between the chain-agnostic syncer core and one chain's backend (Bitcoin Core RPC, monerod + wallet-rpc).
// Invariant: a backend never throws out of poll(); a node failure is a value the core turns into health events and backoff.
import type { TaskId } from '../../shared/ids';
import type { SyncerEvent } from '../../shared/syncer/messages';

export type PollOutcome =
  | { readonly ok: true; readonly height: number; readonly hash: string }
  | { readonly ok: false; readonly error: string };

export interface ChainBackend<T> {
  /** Begin work for a newly admitted task (never an abort; never a duplicate id). */
  add(task: T): void;
  /** Stop work for a task and release what it holds (wallet-rpc processes, wallet files). */
  remove(id: TaskId): Promise<void>;
  /** One round: read the tip, then serve every task. */
  poll(): Promise<PollOutcome>;
  close(): Promise<void>;
}

export type Emit = (ev: SyncerEvent) => void;
export type Log = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;

/** A node failure inside a poll round: 'transport' ends the round (node unhealthy), the others hit one task. */
export class NodeFailure extends Error {
  constructor(
    readonly kind: 'transport' | 'bad-data' | 'rpc',
    message: string,
    readonly code?: number,
  ) {
    super(message);
  }
}
