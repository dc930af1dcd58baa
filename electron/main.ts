// Electron main: the thin entry that hosts the wallet (daemon, signer and syncers as utility
// processes) and the one hardened window. All logic lives in modules tested under plain Node; this
// file only wires them to Electron's APIs (utilityProcess, electron-store, ipcMain, app lifecycle, and
// the background: Tray, Menu, Notification, the quit dialog and the login item, each decided by
// host/background-policy.ts).
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeImage, Notification, session, Tray, utilityProcess } from 'electron';
import Store from 'electron-store';
import { IPC_PREFIX, type SwapSummary } from '../shared/ipc/channels';
import { dispatch, type Handlers } from '../shared/ipc/validate';
import type { Chain } from '../shared/syncer/messages';
import { createHandlers } from './host/api-handlers';
import { blockSecondsOf, emptyNoticeMemory, loginItemFor, noticesFor, onWindowClose, quitConfirmation, startedHidden, trayView } from './host/background-policy';
import { defaultDataDir } from './host/data-dir';
import { applyLinuxAutostart, autostartFile } from './host/linux-autostart';
import { openHostContext } from './host/host-context';
import { TRAY_ICON_SIZE, trayIconBitmap } from './host/tray-icon';
import { signerRecord } from './log/records';
import { openWalletLog, walletLogSinks, type WalletLog } from './log/wallet-log';
import { CONTENT_SECURITY_POLICY, permissionAllowed, isAllowedNavigation, isTrustedSender } from './security';
import type { SpawnSigner } from './signer/signer-transport';
import type { SpawnPort } from './syncer/spawn-port';
import { buildWindowOptions } from './window-options';

const here = path.dirname(new URL(import.meta.url).pathname);
const indexHtml = path.resolve(here, '../renderer/index.html');
const appUrl = pathToFileURL(indexHtml).href;

// The wallet log, once opened: the signer's JSON lines go there, as they do in the browser host.
let walletLog: WalletLog | null = null;

// The background (background-policy.ts): the latest swap summaries, polled while the app runs.
const BACKGROUND_POLL_MS = 5_000;
const bg = { swaps: [] as SwapSummary[], prev: null as SwapSummary[] | null, memory: emptyNoticeMemory(), blockSeconds: 0, toldHidden: false };

/** A utility process behind the transports the signer client and the syncer supervisor expect; `onLine` takes its stdout. */
function utility(entry: string, args: string[], serviceName: string, env?: Record<string, string>, onLine?: (line: string) => void) {
  const stdio = onLine ? 'pipe' : 'inherit';
  const child = utilityProcess.fork(path.join(here, entry), args, { serviceName, stdio, ...(env ? { env: { ...process.env, ...env } } : {}) });
  if (onLine && child.stdout) createInterface({ input: child.stdout }).on('line', onLine);
  let exited = false;
  child.once('exit', () => (exited = true));
  return {
    child,
    send: (m: unknown) => !exited && (child.postMessage(m), true),
    kill: () => void child.kill(),
    isExited: () => exited,
  };
}
const spawnSigner: SpawnSigner = (opts) => {
  const u = utility('signer-main.mjs', [], 'swap-signer', opts?.env, (line) => walletLog?.write(signerRecord(line)));
  return {
    get pid() {
      return u.child.pid;
    },
    send: u.send,
    onMessage: (cb) => void u.child.on('message', cb),
    onExit: (cb) => void u.child.once('exit', (code) => cb({ code, signal: null })),
    disconnect: u.kill,
    kill: u.kill,
  };
};
const spawnSyncer: SpawnPort = {
  spawn(chain: Chain) {
    const u = utility('worker-main.mjs', [chain], `syncer-${chain}`);
    return {
      pid: u.child.pid ?? -1,
      send: u.send,
      onMessage: (h) => void u.child.on('message', h),
      onExit: (h) => void u.child.once('exit', (code) => h(code, null)),
      kill: u.kill,
    };
  },
};

/** The tray, the notifications and the window's close (background-policy.ts decides; this wires Electron). */
function runInBackground(win: BrowserWindow, handlers: Handlers, show: () => void, closing: () => boolean): void {
  const tray = new Tray(nativeImage.createFromBitmap(trayIconBitmap(), { width: TRAY_ICON_SIZE, height: TRAY_ICON_SIZE, scaleFactor: 2 }));
  tray.on('click', show);
  const drawTray = () => {
    const v = trayView(bg.swaps, bg.blockSeconds);
    tray.setToolTip(v.tooltip);
    tray.setContextMenu(
      Menu.buildFromTemplate([
        ...v.lines.map((label) => ({ label, enabled: false })),
        { type: 'separator' as const },
        { label: 'Open Swap Wallet', click: show },
        { label: 'Quit', click: () => app.quit() },
      ]),
    );
  };
  drawTray();
  const poll = async () => {
    const [list, settings] = await Promise.all([handlers['swaps:list']({}), handlers['settings:get']({})]);
    if (!list.ok) return;
    if (settings.ok) bg.blockSeconds = blockSecondsOf(settings.value.network);
    const n = noticesFor(bg.prev, list.value, bg.memory, { hidden: !win.isVisible(), blockSeconds: bg.blockSeconds });
    Object.assign(bg, { swaps: list.value, prev: list.value, memory: n.memory });
    for (const x of n.notices) {
      const note = new Notification({ title: x.title, body: x.body });
      note.on('click', show);
      note.show();
    }
    drawTray();
  };
  const tick = () => void poll().catch((e: unknown) => console.error(`background poll: ${String(e)}`));
  const timer = setInterval(tick, BACKGROUND_POLL_MS);
  app.once('will-quit', () => clearInterval(timer));
  tick();

  // Closing the window while a swap is unfinished hides it: the daemon keeps watching the deadlines.
  win.on('close', (e) => {
    const d = onWindowClose(bg.swaps, closing());
    if (d.kind === 'close') return;
    e.preventDefault();
    win.hide();
    if (!bg.toldHidden && Notification.isSupported()) new Notification({ title: 'Swap Wallet is still running', body: d.notice }).show();
    bg.toldHidden = true;
  });
}

if (!app.requestSingleInstanceLock()) {
  console.error('Another Swap Wallet is already running with this data folder; focusing it instead.');
  app.quit();
} else {
  app.enableSandbox();
  app.on('web-contents-created', (_e, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (e, url) => {
      if (!isAllowedNavigation(url, appUrl)) e.preventDefault();
    });
    contents.on('will-attach-webview', (e) => e.preventDefault());
  });

  let stopWallet: () => Promise<void> = async () => undefined;
  app.whenReady().then(async () => {
    const ses = session.defaultSession;
    ses.setPermissionRequestHandler((_wc, permission, cb) => cb(permissionAllowed(permission)));
    ses.setPermissionCheckHandler((_wc, permission) => permissionAllowed(permission));
    ses.webRequest.onHeadersReceived((details, cb) =>
      cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } }),
    );

    const dataDir = defaultDataDir();
    const backup = new Store<Record<string, unknown>>({ cwd: dataDir, name: 'client-backup' });
    const ctx = await openHostContext({
      host: 'electron',
      dataDir,
      wallet: {
        spawnSigner,
        spawnSyncer,
        // The bundled sandbox beside this file, no tsx. openWallet starts it with child_process.fork,
        // which in Electron's main runs the Electron binary with ELECTRON_RUN_AS_NODE=1: plain Node
        // (needs the RunAsNode fuse left enabled, its default).
        sandboxCommand: { entry: path.join(here, 'sandbox.mjs'), execArgv: [] },
        backupStore: { get: (k) => backup.get(k), set: (k, v) => backup.set(k, v) },
        ...walletLogSinks((walletLog = openWalletLog({ dataDir, echo: (l) => console.log(l) }))),
      },
    });
    stopWallet = async () => ctx.opened?.stop();
    const handlers = createHandlers(ctx);
    const win = new BrowserWindow(buildWindowOptions({ preloadPath: path.join(here, 'preload.cjs') }, { dev: !app.isPackaged }));
    const applyLoginItem = async () => {
      const s = await handlers['settings:get']({});
      if (!s.ok) return;
      if (process.platform !== 'linux') return app.setLoginItemSettings(loginItemFor(s.value));
      // Linux has no login items: an XDG autostart entry (host/linux-autostart.ts).
      const target = { exec: process.env['APPIMAGE'] ?? process.execPath, args: app.isPackaged ? [] : [app.getAppPath()] };
      const r = applyLinuxAutostart(autostartFile(process.env, os.homedir()), s.value.startAtLogin === true, target);
      if (!r.ok) console.error(`start at login: ${r.reason}`);
    };
    ipcMain.handle(`${IPC_PREFIX}invoke`, async (event, channel: unknown, request: unknown) => {
      const frame = event.senderFrame;
      if (!frame || !isTrustedSender({ url: frame.url, isMainFrame: frame === win.webContents.mainFrame }, appUrl)) {
        return { ok: false, error: { kind: 'ipc-invalid', message: 'IPC from an untrusted frame' } };
      }
      const result = await dispatch(handlers, channel, request);
      if (channel === 'settings:set' && result.ok) void applyLoginItem();
      return result;
    });
    void applyLoginItem();
    const show = () => {
      if (win.isMinimized()) win.restore();
      win.show();
      win.focus();
    };
    // A start from the login item stays in the tray until the person opens it.
    if (!startedHidden(process.argv, app.getLoginItemSettings().wasOpenedAsHidden)) win.once('ready-to-show', () => win.show());
    app.on('second-instance', show);

    runInBackground(win, handlers, show, () => quitting || quitConfirmed);
    await win.loadFile(indexHtml);
  }).catch((e: unknown) => {
    // A start that failed before the window exists: say why and quit, never hang with no window.
    console.error(`the wallet could not start: ${e instanceof Error ? e.message : String(e)}`);
    app.exit(1);
  });
  // Clean shutdown: the daemon flushes, the syncers, the signer and the sandbox stop before we exit,
  // so no node process outlives the app.
  let quitting = false;
  let quitConfirmed = false;
  app.on('before-quit', (e) => {
    if (quitting) return;
    // Quitting with a swap unfinished asks first, naming the nearest safety deadline; Keep running is the default.
    const ask = quitConfirmed ? null : quitConfirmation(bg.swaps, bg.blockSeconds);
    if (ask) {
      const choice = dialog.showMessageBoxSync({ type: 'warning', message: ask.message, detail: ask.detail, buttons: [...ask.buttons], defaultId: ask.defaultId, cancelId: ask.cancelId, noLink: true });
      if (choice === ask.cancelId) return e.preventDefault();
    }
    quitConfirmed = true;
    quitting = true;
    e.preventDefault();
    void stopWallet()
      .catch((err: unknown) => console.error(`shutdown: ${String(err)}`))
      .finally(() => app.exit(0));
  });
  // Only reached when closing was allowed (no unfinished swap, or quitting): the tray is no reason to stay.
  app.on('window-all-closed', () => app.quit());
}
