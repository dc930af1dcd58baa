// `npm run -s swap -- status|export-support|export-recovery|cancel|refund|punish <swap-id> [--data-dir D] [--out FILE|-] [--json]`:
// a person or an operator reads one swap of a wallet's data dir while the wallet is NOT running (the
// store's writer lock is checked first and a live wallet is refused with its pid: use the swap page
// there). `status` with no swap id lists the swaps. The exports are the swap page's (electron/app/
// swap-exports.ts): for support (redacted) and for the person (signed transactions, Monero keys once owned).
// cancel|refund|punish are the manual commands (shared/protocol/manual-actions.ts): the swap's daemon is
// opened against the nodes in Settings (electron/app/manual-offline.ts) long enough to catch up, record
// the command and broadcast it; refused with the reason when it is not valid on chain yet (or unsafe).
// Exit codes: 0 done; 2 usage, or the data dir is in use; 3 no such swap; 4 refused (the reason on
// stderr; nothing recorded); 1 anything else.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { swapView } from '../../shared/protocol/swap-view';
import type { SwapId } from '../../shared/ids';
import type { SwapView } from '../../shared/ipc/channels';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';
import { readSwapLogLines, readSwapTranscript, recoveryFile, supportFile, withOfflineStore, type ExportFile } from '../app/swap-exports';
import { defaultDataDir } from '../host/data-dir';
import { SettingsFile } from '../host/settings-file';
import { manualOffline } from '../app/manual-offline';
import { MANUAL_ACTIONS, type ManualAction } from '../../shared/protocol/manual-actions';
import { APP_VERSION } from '../host/version';

const USAGE = [
  'usage: npm run -s swap -- status [<swap-id>] [--json] [--data-dir D]',
  '       npm run -s swap -- export-support <swap-id> [--out FILE|-] [--data-dir D]',
  '       npm run -s swap -- export-recovery <swap-id> [--out FILE|-] [--data-dir D]',
  '       npm run -s swap -- cancel|refund|punish <swap-id> [--json] [--data-dir D] [--sandbox-file F]',
  'Reads the data directory (default: FCSWAP_DATA_DIR or the platform folder) while the wallet is not running.',
  'cancel, refund and punish open the swap against the nodes in Settings, record the command and broadcast it,',
  'or say why not yet; while the wallet runs, use the buttons on the swap page instead.',
].join('\n');

const COMMANDS = ['status', 'export-support', 'export-recovery', ...MANUAL_ACTIONS] as const;
type Command = (typeof COMMANDS)[number];

function fail(e: AppError): number {
  process.stderr.write(`swap: ${e.message}\n`);
  return e.kind === 'store-locked' ? 2 : e.kind === 'swap-unknown' || e.kind === 'swap-never-started' ? 3 : e.kind === 'manual-refused' ? 4 : 1;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: { 'data-dir': { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' }, 'sandbox-file': { type: 'string' } },
    allowPositionals: true,
  });
  const [cmd, swapId, ...rest] = positionals;
  if (values.help || !COMMANDS.includes(cmd as Command) || rest.length > 0 || (cmd !== 'status' && !swapId)) {
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : defaultDataDir();
  if (cmd === 'status') return status(dataDir, swapId, values.json === true);
  if ((MANUAL_ACTIONS as readonly string[]).includes(cmd!)) return manual(dataDir, swapId!, cmd as ManualAction, values.json === true, values['sandbox-file']);
  const r = await withOfflineStore(dataDir, async (store): Promise<Result<ExportFile, AppError>> => {
    const t = await readSwapTranscript(store, swapId!);
    if (!t.ok) return t;
    return ok(cmd === 'export-support' ? supportFile(t.value, readSwapLogLines(dataDir, swapId!), APP_VERSION) : recoveryFile(t.value));
  });
  if (!r.ok) return fail(r.error);
  if (values.out === '-') {
    process.stdout.write(r.value.json);
    return 0;
  }
  const file = path.resolve(values.out ?? r.value.fileName);
  writeFileSync(file, r.value.json, { mode: cmd === 'export-recovery' ? 0o600 : 0o644 });
  process.stdout.write(`${file}\n`);
  if (cmd === 'export-recovery') process.stderr.write('swap: this file holds signed transactions and, once you own the XMR, a private key: keep it to yourself.\n');
  return 0;
}

type StatusOut = { readonly list: readonly { swapId: string; role: string | null; outcome: string | null; damaged: string | null }[] } | { readonly view: SwapView };

/** One swap's state as the swap page shows it (folded from its transcript), or the list of swaps. */
async function status(dataDir: string, swapId: string | undefined, json: boolean): Promise<number> {
  const r = await withOfflineStore(dataDir, async (store): Promise<Result<StatusOut, AppError>> => {
    if (!swapId) {
      const l = await store.listSwaps();
      return l.ok ? ok({ list: l.value.map((s) => ({ swapId: s.swapId, role: s.role, outcome: s.outcome, damaged: s.damaged })) }) : l;
    }
    if (!/^[0-9a-f]{32}$/.test(swapId)) return err(appError('swap-unknown', `"${swapId}" is not a swap id (32 hex digits, as History shows it).`));
    const rec = await store.recover(swapId as SwapId);
    if (!rec.ok) return rec;
    const st = rec.value.state;
    if (st.kind === 'empty') return err(appError('swap-never-started', `Swap ${swapId} never started.`));
    if (st.kind === 'unreplayable') return err(appError('transcript-damaged', `Swap ${swapId} cannot be replayed: ${st.reason}`));
    const created = st.record.genesis.createdAt;
    return ok({ view: swapView({ state: st.record.core, genesisCreatedAt: created, updatedAt: created, live: false }) });
  });
  if (!r.ok) return fail(r.error);
  if (json) {
    process.stdout.write(`${JSON.stringify(r.value)}\n`);
    return 0;
  }
  if ('list' in r.value) {
    for (const s of r.value.list) process.stdout.write(`${s.swapId}  ${s.role ?? '?'}  ${s.damaged ? `damaged: ${s.damaged}` : (s.outcome ?? 'unfinished')}\n`);
    return 0;
  }
  const v = r.value.view;
  process.stdout.write(`swap ${v.summary.swapId} (${v.summary.role}): ${v.summary.outcome ?? 'unfinished'}\n`);
  for (const s of v.steps) process.stdout.write(`  [${s.status}] ${s.title}${s.detail ? ` — ${s.detail}` : ''}\n`);
  for (const d of v.deadlines) process.stdout.write(`  deadline ${d.id}: ${d.blocksLeft === null ? 'not started' : `${d.blocksLeft} blocks left`} (${d.title})\n`);
  return 0;
}

/** A manual command: recorded and broadcast by the swap's daemon, opened for the moment; the txid and what comes next. */
async function manual(dataDir: string, swapId: string, action: ManualAction, json: boolean, sandboxFile: string | undefined): Promise<number> {
  if (!/^[0-9a-f]{32}$/.test(swapId)) return fail(appError('swap-unknown', `"${swapId}" is not a swap id (32 hex digits, as History shows it).`));
  if (!existsSync(path.join(dataDir, 'daemon'))) return fail(appError('swap-unknown', `No wallet data in ${dataDir} (pass --data-dir).`));
  const settings = (await SettingsFile.open(dataDir)).get();
  const r = await manualOffline({ dataDir, swapId, action, settings, ...(sandboxFile ? { sandboxFile: path.resolve(sandboxFile) } : {}), say: (l) => process.stderr.write(`swap: ${l}\n`) });
  if (!r.ok) return fail(r.error);
  const d = r.value;
  if (json) {
    process.stdout.write(`${JSON.stringify(d)}\n`);
    return d.broadcast?.ok === false ? 1 : 0;
  }
  process.stdout.write(`${action} ${d.txid}\n`);
  if (d.warning) process.stderr.write(`swap: warning: ${d.warning}\n`);
  if (d.alsoBroadcast.length > 0) process.stderr.write(`swap: on catching up the wallet also broadcast by itself: ${d.alsoBroadcast.join(', ')}\n`);
  if (!d.broadcast) process.stderr.write('swap: recorded and sent; the node had not answered yet. The wallet sends it again at its next start until it is seen.\n');
  else if (!d.broadcast.ok) process.stderr.write(`swap: recorded, but the node refused it for now (${d.broadcast.error ?? 'no reason given'}); the wallet retries it at its next start.\n`);
  else process.stderr.write(`swap: recorded (transcript seq ${d.seq}) and accepted by the node${d.inMempool ? ' (it had it already)' : ''}. ${d.next}\n`);
  return d.broadcast?.ok === false ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`swap: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
