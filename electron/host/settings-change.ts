// A change in Settings, done safely: decide what it touches, refuse it under a running swap when it
// touches the chains in use, check the new nodes before anything is saved, save, then apply it without
// a restart of the app (the wallet reopens on the new chains; the sandbox stops when it is left; new
// Nostr relays reopen only the offer book's relay connections).
// Invariants: a refused or failing change saves nothing; the sandbox runs only on regtest (a network
// switch turns it off); nodes are checked (answer, chain of the network, synced, version) whenever the
// saved settings would put them in use; relays are checked for their shape (wss://, ws:// only to this
// machine) and never wait for running swaps: a swap does not talk to relays.
import { z } from 'zod';
import type { Settings, SettingsPatch } from '../../shared/ipc/channels';
import { RelayUrlSchema } from '../../shared/networks/nostr-relays';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';

export type Chain = 'btc' | 'xmr';

/** What a change needs: nothing but a save, or the wallet reopened on new chains. */
export interface ChangePlan {
  readonly next: Settings;
  /** The chains whose view changes (their syncers restart on the new nodes). */
  readonly chains: readonly Chain[];
  /** Nodes to check before saving: the saved settings use them. */
  readonly checkNodes: boolean;
  /** The offer book's relays change (without a chain change: only its relay connections reopen). */
  readonly relays: boolean;
}

const RelayListSchema = z.array(RelayUrlSchema).max(16, 'at most 16 relays');

/** The relay list as saved: each address checked (the first bad one named), each once, in the person's order. */
export function checkRelays(relays: readonly string[]): Result<string[], AppError> {
  const r = RelayListSchema.safeParse(relays);
  if (r.success) return ok([...new Set(r.data)]);
  const issue = r.error.issues[0];
  const at = typeof issue?.path[0] === 'number' ? relays[issue.path[0]] : undefined;
  return err(appError('relay-invalid', `Not saved: ${at !== undefined ? `"${String(at).slice(0, 100)}": ` : ''}${issue?.message ?? 'not a relay list'}.`));
}

/** The sandbox's own nodes serve regtest with the sandbox on; otherwise the person's node lists do. */
export const usesOwnNodes = (s: Settings): boolean => !(s.network === 'regtest' && s.sandbox);

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Pure: the next settings and what they touch, or why the patch is refused as it stands. */
export function planChange(current: Settings, patch: SettingsPatch): Result<ChangePlan, AppError> {
  const networkChanged = patch.network !== undefined && patch.network !== current.network;
  let relays: string[] | undefined;
  if (patch.relays !== undefined && patch.relays !== null) {
    const r = checkRelays(patch.relays);
    if (!r.ok) return r;
    relays = r.value;
  }
  // Leaving regtest turns the sandbox off: its test chains and maker exist only there.
  // relays: null drops the person's list (the network's defaults apply again); the key stays, undefined, so a merge drops it too.
  const next: Settings = { ...current, ...patch, relays: patch.relays === null ? undefined : (relays ?? current.relays), dataDir: current.dataDir, ...(networkChanged && patch.network !== 'regtest' ? { sandbox: false } : {}) };
  if (next.sandbox && next.network !== 'regtest') {
    return err(appError('sandbox-regtest-only', 'The sandbox runs only on regtest: its chains and maker are local test fixtures. Choose regtest first, or turn the sandbox off.'));
  }
  const sourceChanged = networkChanged || next.sandbox !== current.sandbox;
  const chains: Chain[] = [];
  for (const chain of ['btc', 'xmr'] as const) {
    const key = chain === 'btc' ? 'bitcoinNodes' : 'moneroNodes';
    if (sourceChanged || (usesOwnNodes(next) && !same(current[key], next[key]))) chains.push(chain);
  }
  return ok({ next, chains, checkNodes: chains.length > 0 && usesOwnNodes(next), relays: !same(current.relays, next.relays) });
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
  /** Only the relays changed: move the offer book (and the person's announced offers) to them. */
  readonly applyRelays: (next: Settings) => void;
}

const CHAIN_NAMES: Record<Chain, string> = { btc: 'Bitcoin', xmr: 'Monero' };

/** Refuse, check, save, apply: in this order, so nothing is saved that was refused or failed its check. */
export async function changeSettings(d: ChangeDeps, patch: SettingsPatch): Promise<Result<Settings, AppError>> {
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
  // A reopened wallet opens its book on the saved relays already.
  if (chains.length > 0) await d.apply(saved, chains);
  else if (plan.value.relays) d.applyRelays(saved);
  return ok(saved);
}
