// The hardening every window gets: one strict CSP, no navigation away from the app, no new windows,
// no permissions. Plain data and predicates, so they are unit-tested without Electron.

/** No inline script, no eval, no remote origin; React sets styles through the CSSOM, which CSP allows. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** Only the app's own pages may be shown: same origin (file:// for the packaged app) and nothing else. */
export function isAllowedNavigation(target: string, appUrl: string): boolean {
  let t: URL;
  let a: URL;
  try {
    t = new URL(target);
    a = new URL(appUrl);
  } catch {
    return false;
  }
  if (a.protocol === 'file:') return t.protocol === 'file:' && t.pathname === a.pathname;
  return t.origin === a.origin;
}

/** Camera, microphone, geolocation, notifications prompts...: a wallet needs none from the web layer. */
/** Only desktop notifications (deadline and action warnings) are allowed; camera, location, clipboard and the rest never. */
export const ALLOWED_PERMISSIONS: readonly string[] = ['notifications'];
export const permissionAllowed = (permission: string): boolean => ALLOWED_PERMISSIONS.includes(permission);

/** IPC is answered only for the app's own top-level frame (VS Code's ipcMain check). */
export function isTrustedSender(sender: { url: string; isMainFrame: boolean }, appUrl: string): boolean {
  return sender.isMainFrame && isAllowedNavigation(sender.url.split('#')[0] ?? '', appUrl);
}
