import { describe, expect, it } from 'vitest';
import { buildWindowOptions } from './window-options';
import { CONTENT_SECURITY_POLICY, permissionAllowed, isAllowedNavigation } from './security';

describe('hardened window options', () => {
  const opts = buildWindowOptions({ preloadPath: '/app/dist/electron/preload.cjs' });

  it('isolates the renderer from Node and Electron', () => {
    expect(opts.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(opts.webPreferences.preload).toBe('/app/dist/electron/preload.cjs');
  });

  it('closes devtools in production and refuses a non-JS preload', () => {
    expect(opts.webPreferences.devTools).toBe(false);
    expect(buildWindowOptions({ preloadPath: '/x/p.js' }, { dev: true }).webPreferences.devTools).toBe(true);
    expect(() => buildWindowOptions({ preloadPath: '/x/preload.ts' })).toThrow(/built JS/);
  });
});

describe('content security policy', () => {
  const directives = new Map(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
  it('denies by default and allows no inline script, eval or remote origin', () => {
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
  });
});

describe('navigation and permissions', () => {
  it('allows only the app itself', () => {
    expect(isAllowedNavigation('file:///app/index.html', 'file:///app/index.html')).toBe(true);
    expect(isAllowedNavigation('file:///etc/passwd', 'file:///app/index.html')).toBe(false);
    expect(isAllowedNavigation('https://evil.example/', 'file:///app/index.html')).toBe(false);
    expect(isAllowedNavigation('http://127.0.0.1:5000/#/history', 'http://127.0.0.1:5000/')).toBe(true);
    expect(isAllowedNavigation('http://127.0.0.1:5001/', 'http://127.0.0.1:5000/')).toBe(false);
    expect(isAllowedNavigation('not a url', 'http://127.0.0.1:5000/')).toBe(false);
  });
  it('denies every permission request', () => {
    for (const p of ['media', 'geolocation', 'clipboard-read', 'openExternal', 'midi', 'pointerLock']) expect(permissionAllowed(p)).toBe(false);
    // Deadline and action warnings are desktop notifications: the one permission granted.
    expect(permissionAllowed('notifications')).toBe(true);
  });
});

describe('IPC sender check', () => {
  it('answers only the app main frame', async () => {
    const { isTrustedSender } = await import('./security');
    const app = 'file:///opt/app/dist/renderer/index.html';
    expect(isTrustedSender({ url: `${app}#/wizard`, isMainFrame: true }, app)).toBe(true);
    expect(isTrustedSender({ url: `${app}#/wizard`, isMainFrame: false }, app)).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', isMainFrame: true }, app)).toBe(false);
  });
});
