// Tracks whether a chain backend answers and whether its tip still moves, and says which health events to emit.
// Invariant: unreachable/recovered alternate strictly (one event per transition), and a stalled tip is reported once per stall.
import type { SyncerEvent } from './messages';

export type HealthState =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'ok'; readonly height: number; readonly hash: string; readonly tipSinceMs: number }
  | { readonly kind: 'unreachable'; readonly error: string; readonly sinceMs: number };

export class BackendHealth {
  private state: HealthState = { kind: 'unknown' };
  private tip: { height: number; hash: string; sinceMs: number } | null = null;
  private stallReported = false;
  /** Consecutive failed polls: drives the reconnect backoff. */
  failures = 0;

  constructor(private readonly stallMs: number) {}

  get current(): HealthState {
    return this.state;
  }

  pollFailed(error: string, nowMs: number): SyncerEvent[] {
    this.failures++;
    if (this.state.kind === 'unreachable') return [];
    this.state = { kind: 'unreachable', error, sinceMs: nowMs };
    return [{ kind: 'backend-unreachable', error }];
  }

  pollOk(height: number, hash: string, nowMs: number): SyncerEvent[] {
    const out: SyncerEvent[] = [];
    this.failures = 0;
    if (this.state.kind === 'unreachable') out.push({ kind: 'backend-recovered' });
    if (!this.tip || this.tip.hash !== hash) {
      this.tip = { height, hash, sinceMs: nowMs };
      this.stallReported = false;
    } else if (!this.stallReported && nowMs - this.tip.sinceMs >= this.stallMs) {
      this.stallReported = true;
      out.push({ kind: 'tip-stalled', height, sinceMs: Math.max(0, Math.round(nowMs - this.tip.sinceMs)) });
    }
    this.state = { kind: 'ok', height, hash, tipSinceMs: this.tip.sinceMs };
    return out;
  }
}
