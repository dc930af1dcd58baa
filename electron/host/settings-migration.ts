// Old settings files, read once more: `bitcoinRpcUrl` (credentials inside the URL) and `moneroDaemonUrl`
// (no login) become one-entry node lists, so an upgrade loses neither the node nor its login.
// Invariant: a file already in the new shape passes unchanged; credentials leave the URL for the login
// fields (they are never kept in a URL, where logs and the UI would show them).
import type { BtcNode, XmrNode } from '../../shared/ipc/channels';

/** A loopback host is a node on this computer: the person runs it, so wallet-rpc may trust it. */
export function isLocalHost(url: string): boolean {
  try {
    const h = new URL(url).hostname;
    return h === 'localhost' || h === '[::1]' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
  } catch {
    return false;
  }
}

/** The old one-URL Bitcoin setting as a node: user and password move out of the URL into its auth. */
export function btcNodeFromUrl(raw: string): BtcNode {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return { url: raw, auth: { kind: 'none' } };
  }
  const user = decodeURIComponent(u.username);
  const password = decodeURIComponent(u.password);
  u.username = '';
  u.password = '';
  const url = u.toString().replace(/\/$/, '');
  return user ? { url, auth: { kind: 'password', user, password } } : { url, auth: { kind: 'none' } };
}

/** Old monerod setting: always passed `--trusted-daemon`; now only a node on this computer is trusted. */
export function xmrNodeFromUrl(raw: string): XmrNode {
  return { url: raw.replace(/\/$/, ''), trusted: isLocalHost(raw) };
}

/** The settings object as read from disk, in the current shape (not yet validated). */
export function migrateSettings(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null) return raw;
  const { bitcoinRpcUrl, moneroDaemonUrl, ...rest } = raw as Record<string, unknown>;
  const out: Record<string, unknown> = { ...rest };
  if (out.bitcoinNodes === undefined && typeof bitcoinRpcUrl === 'string') out.bitcoinNodes = [btcNodeFromUrl(bitcoinRpcUrl)];
  if (out.moneroNodes === undefined && typeof moneroDaemonUrl === 'string') out.moneroNodes = [xmrNodeFromUrl(moneroDaemonUrl)];
  return out;
}
