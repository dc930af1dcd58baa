// Opens a mutually authenticated TLS 1.3 connection to a peer and checks the peer's key against
// the pinned one before a single byte of ours is sent. Guards: a connection to anyone but the
// pinned key is closed and reported as peer-auth-failed, never handed on.
//
// Why TLS 1.3 from node:tls (not a Noise library): OpenSSL is the most reviewed AEAD channel
// there is, ships inside Node (zero dependencies), does forward-secret ECDHE and proves key
// possession in CertificateVerify; pinning the raw ed25519 key from the offer replaces CA trust.
// Noise-XK would need libsodium bindings (noise-handshake) or hand-assembled primitives.
import { isIP } from 'node:net';
import tls, { type TLSSocket } from 'node:tls';
import { err, ok, type Result } from '../../shared/result';
import { peerError, type PeerError } from './peer-errors';
import { peerKeyOfCertificate, type PeerIdentity } from './peer-identity';

export const TLS_OPTIONS = { minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' } as const;

export interface DialTarget {
  readonly host: string;
  readonly port: number;
  /** ed25519 key (hex) the peer must prove: the offer's makerKey. */
  readonly key: string;
}

export function dialTls(target: DialTarget, identity: PeerIdentity, timeoutMs: number, signal?: AbortSignal): Promise<Result<TLSSocket, PeerError>> {
  return new Promise((resolve) => {
    let settled = false;
    const socket = tls.connect({
      host: target.host,
      port: target.port,
      key: identity.keyPem,
      cert: identity.certPem,
      // Chain checks are off on purpose: the certificate is self-signed; the key pin below is the check.
      rejectUnauthorized: false,
      ...(isIP(target.host) === 0 ? { servername: target.host } : {}),
      ...TLS_OPTIONS,
    });
    const finish = (r: Result<TLSSocket, PeerError>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.removeListener('error', onError);
      if (!r.ok) socket.destroy();
      resolve(r);
    };
    const onError = (e: NodeJS.ErrnoException) =>
      finish(err(peerError('peer-unreachable', `cannot reach ${target.host}:${target.port}: ${e.code ?? e.message}`)));
    const onAbort = () => finish(err(peerError('closed', 'dial aborted')));
    const timer = setTimeout(() => finish(err(peerError('timeout', `no TLS handshake with ${target.host}:${target.port} within ${timeoutMs} ms`))), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('error', onError);
    socket.once('close', () => finish(err(peerError('peer-unreachable', `${target.host}:${target.port} closed the connection during the handshake`))));
    socket.once('secureConnect', () => {
      const key = peerKeyOfCertificate(socket.getPeerX509Certificate());
      if (key !== target.key) {
        finish(err(peerError('peer-auth-failed', `peer at ${target.host}:${target.port} proved key ${key?.slice(0, 16) ?? '(none)'}..., the offer pins ${target.key.slice(0, 16)}...`)));
        return;
      }
      // Errors after this point belong to the link's session.
      socket.on('error', () => {});
      finish(ok(socket));
    });
  });
}
