// The Bitcoin node check: what the backend needs of the node, read from getnetworkinfo and getblockchaininfo.
// Invariant under test: Bitcoin Core 24+ on the chain the settings name passes; an older Core, another software,
// litecoind off regtest, another chain, or an RPC error is a problem that says what to do.
import { describe, expect, it } from 'vitest';
import { err, ok } from '../../shared/result';
import { btcNode } from './btc-node';
import { checkBtcNode, softwareProblem } from './btc-health';
import type { JsonRpcClient } from './json-rpc-client';

const nodeAnswering = (answers: Record<string, unknown>) =>
  btcNode({
    url: 'scripted',
    call: async (method) => (method in answers ? ok(answers[method]) : err({ kind: 'rpc-error', code: -32601, message: `${method}: Method not found (code -32601)` })),
    postJson: async () => err({ kind: 'http-error', message: 'no' }),
  } satisfies JsonRpcClient);

const core27 = { version: 270100, subversion: '/Satoshi:27.1.0/' };
const ltc = { version: 210201, subversion: '/LitecoinCore:0.21.2.1/' };

describe('btc node check', () => {
  it('passes Bitcoin Core 24+ on the named chain, and reads the pruned height', async () => {
    expect(await checkBtcNode(nodeAnswering({ getnetworkinfo: core27, getblockchaininfo: { chain: 'main', pruned: false } }), 'main')).toEqual({ ok: true, pruneHeight: 0 });
    expect(await checkBtcNode(nodeAnswering({ getnetworkinfo: { version: 240000, subversion: '/Satoshi:24.0.0/' }, getblockchaininfo: { chain: 'signet', pruned: true, pruneheight: 1234 } }), 'signet')).toEqual({
      ok: true,
      pruneHeight: 1234,
    });
  });

  it('refuses a node on another chain than the settings name', async () => {
    const r = await checkBtcNode(nodeAnswering({ getnetworkinfo: core27, getblockchaininfo: { chain: 'test', pruned: false } }), 'main');
    expect(r).toEqual({ ok: false, problem: expect.stringMatching(/on chain "test" but the settings name "main"/) });
  });

  it('accepts litecoind only on regtest (tests), never on a real chain', async () => {
    expect(softwareProblem(ltc, 'regtest', 'regtest')).toBeNull();
    expect(softwareProblem(ltc, 'regtest', undefined)).toBeNull();
    expect(softwareProblem(ltc, 'main', 'main')).toMatch(/litecoind.*regtest only/);
    expect(softwareProblem(ltc, 'regtest', 'main')).toMatch(/litecoind.*regtest only/);
  });

  it('refuses Bitcoin Core before 24 and other software, naming the fix', () => {
    expect(softwareProblem({ version: 239900, subversion: '/Satoshi:23.99.0/' }, 'main', 'main')).toMatch(/needs Bitcoin Core 24 or newer; upgrade the node/);
    expect(softwareProblem({ version: 250100, subversion: '/Satoshi:25.1.0/Knots:20231115/' }, 'main', 'main')).toBeNull();
    expect(softwareProblem({ version: 1, subversion: '/btcwire:0.5.0/btcd:0.24.0/' }, 'main', 'main')).toMatch(/not Bitcoin Core/);
  });

  it('an RPC error is a problem, never "fine"', async () => {
    const r = await checkBtcNode(nodeAnswering({ getnetworkinfo: core27 }), 'main');
    expect(r).toEqual({ ok: false, problem: expect.stringMatching(/cannot answer getblockchaininfo/) });
  });
});
