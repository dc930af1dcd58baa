// Electron main: the thin entry that hosts the daemon and the one hardened window. All logic lives in
// modules tested under plain Node; this file only wires them to Electron's APIs.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, ipcMain, session } from 'electron';
import { IPC_PREFIX } from '../shared/ipc/channels';
import { dispatch } from '../shared/ipc/validate';
import { createHandlers } from './host/api-handlers';
import { defaultDataDir } from './host/data-dir';
import { openHostContext } from './host/host-context';
import { CONTENT_SECURITY_POLICY, denyAllPermissions, isAllowedNavigation, isTrustedSender } from './security';
import { buildWindowOptions } from './window-options';

const here = path.dirname(new URL(import.meta.url).pathname);
const indexHtml = path.resolve(here, '../renderer/index.html');
const appUrl = pathToFileURL(indexHtml).href;

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

  app.whenReady().then(async () => {
    const ses = session.defaultSession;
    ses.setPermissionRequestHandler((_wc, permission, cb) => cb(denyAllPermissions(permission)));
    ses.setPermissionCheckHandler(() => false);
    ses.webRequest.onHeadersReceived((details, cb) =>
      cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } }),
    );

    const handlers = createHandlers(await openHostContext({ host: 'electron', dataDir: defaultDataDir() }));
    const win = new BrowserWindow(buildWindowOptions({ preloadPath: path.join(here, 'preload.cjs') }, { dev: !app.isPackaged }));
    ipcMain.handle(`${IPC_PREFIX}invoke`, async (event, channel: unknown, request: unknown) => {
      const frame = event.senderFrame;
      if (!frame || !isTrustedSender({ url: frame.url, isMainFrame: frame === win.webContents.mainFrame }, appUrl)) {
        return { ok: false, error: { kind: 'ipc-invalid', message: 'IPC from an untrusted frame' } };
      }
      return dispatch(handlers, channel, request);
    });
    win.once('ready-to-show', () => win.show());
    app.on('second-instance', () => {
      if (win.isMinimized()) win.restore();
      win.focus();
    });
    await win.loadFile(indexHtml);
  });
  app.on('window-all-closed', () => app.quit());
}
