// A change in Settings, done safely: decide what it touches, refuse it under a running swap when it
// touches the chains in use, check the new nodes before anything is saved, save, then apply it without
// a restart of the app (the wallet reopens on the new chains; the sandbox stops when it is left).
// Invariants: a refused or failing change saves nothing; the sandbox runs only on regtest (a network
// switch turns it off); nodes are checked (answer, chain of the network, synced, version) whenever the
// saved settings would put them in use.
import type { Settings } from '../../shared/ipc/channels';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';

export type Chain = 'btc' | 'xmr';

/** What a change needs: nothing but a save, or the wallet reopened on new chains. */
export interface ChangePlan {
  readonly next: Settings;
  /** The chains whose view changes (their syncers restart on the new nodes). */
  readonly chains: readonly Chain[];
  /** Nodes to check before saving: the saved settings use them. */
  readonly checkNodes: boolean;
}

/** The sandbox's own nodes serve regtest with the sandbox on; otherwise the person's node lists do. */
export const usesOwnNodes = (s: Settings): boolean => !(s.network === 'regtest' && s.sandbox);

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Pure: the next settings and what they touch, or why the patch is refused as it stands. */
export function planChange(current: Settings, patch: Partial<Settings>): Result<ChangePlan, AppError> {
  const networkChanged = patch.network !== undefined && patch.network !== current.network;
  // Leaving regtest turns the sandbox off: its test chains and maker exist only there.
  const next: Settings = { ...current, ...patch, dataDir: current.dataDir, ...(networkChanged && patch.network !== 'regtest' ? { sandbox: false } : {}) };
  if (next.sandbox && next.network !== 'regtest') {
    return err(appError('sandbox-regtest-only', 'The sandbox runs only on regtest: its chains and maker are local test fixtures. Choose regtest first, or turn the sandbox off.'));
  }
  const sourceChanged = networkChanged || next.sandbox !== current.sandbox;
  const chains: Chain[] = [];
  for (const chain of ['btc', 'xmr'] as const) {
    const key = chain === 'btc' ? 'bitcoinNodes' : 'moneroNodes';
    if (sourceChanged || (usesOwnNodes(next) && !same(current[key], next[key]))) chains.push(chain);
  }
  return ok({ next, chains, checkNodes: chains.length > 0 && usesOwnNodes(next) });
}

export interface ChangeDeps {
  readonly current: () => Settings;
  /** Running swaps (not finished) in the wallet: their watches and deadlines depend on both chains. */
  readonly runningSwaps: () => Promise<number>;
  /** Check every node of these chains for the settings' network; an error says which node and why. */
  readonly check: (next: Settings, chains: readonly Chain[]) => Promise<Result<void, AppError>>;
  readonly save: (next: Settings) => Promise<Settings>;
  /** Put the saved settings to work (reopen the wallet on the new chains). */
  readonly apply: (next: Settings, chains: readonly Chain[]) => Promise<void>;
}

const CHAIN_NAMES: Record<Chain, string> = { btc: 'Bitcoin', xmr: 'Monero' };

/** Refuse, check, save, apply: in this order, so nothing is saved that was refused or failed its check. */
export async function changeSettings(d: ChangeDeps, patch: Partial<Settings>): Promise<Result<Settings, AppError>> {
  const plan = planChange(d.current(), patch);
  if (!plan.ok) return plan;
  const { next, chains } = plan.value;
  if (chains.length > 0) {
    const running = await d.runningSwaps();
    if (running > 0) {
      const what = chains.map((c) => CHAIN_NAMES[c]).join(' and ');
      return err(
        appError(
          'swap-running',
          `Not changed: ${running === 1 ? 'a swap is' : `${running} swaps are`} running on ${what}. A swap's watches and deadlines depend on the chain's view it started with; change the ${patch.network !== undefined ? 'network' : 'nodes'} once it has finished.`,
        ),
      );
    }
  }
  if (plan.value.checkNodes) {
    const c = await d.check(next, chains);
    if (!c.ok) return err(appError(c.error.kind, `Not saved: ${c.error.message}`));
  }
  const saved = await d.save(next);
  if (chains.length > 0) await d.apply(saved, chains);
  return ok(saved);
}
