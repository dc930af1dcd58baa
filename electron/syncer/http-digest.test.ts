import { describe, expect, it } from 'vitest';
import { digestAuthorization, parseDigestChallenge } from './http-digest';

describe('HTTP digest', () => {
  it('matches the RFC 2617 section 3.5 example (qop=auth, MD5)', () => {
    const c = parseDigestChallenge('Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"');
    expect(c).toEqual({ realm: 'testrealm@host.com', nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093', opaque: '5ccc069c403ebaf9f0171e9517f40e41' });
    const h = digestAuthorization(c!, 'Mufasa', 'Circle Of Life', 'GET', '/dir/index.html', 1, '0a4f113b');
    expect(h).toContain('response="6629fae49393a05397450978507c4ef1"');
    expect(h).toContain('nc=00000001');
  });
  it('reads the first of monero-wallet-rpc\'s joined challenges and ignores non-digest headers', () => {
    const joined = 'Digest qop="auth",algorithm=MD5-sess,realm="monero-rpc",nonce="AbC==",stale=false, Digest qop="auth",algorithm=MD5,realm="monero-rpc",nonce="AbC==",stale=false';
    expect(parseDigestChallenge(joined)).toEqual({ realm: 'monero-rpc', nonce: 'AbC==' });
    expect(parseDigestChallenge('Basic realm="x"')).toBeNull();
    expect(parseDigestChallenge(null)).toBeNull();
  });
});
