// Spawns the real `conformance` CLI and talks to it over stdin/stdout as an outside harness would.
// Invariant checked: one response line per request line, in order, ids echoed, exit 0 at EOF.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function runCli(input: string, timeoutMs = 60_000): Promise<{ code: number | null; lines: string[]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'electron/cli/conformance.ts')], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`conformance CLI did not finish in ${timeoutMs} ms; stderr: ${err}`));
    }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, lines: out.split('\n').filter((l) => l.length > 0), stderr: err });
    });
    child.stdin.end(input);
  });
}

describe('conformance CLI (spawned)', () => {
  it('answers every line in order, survives garbage, exits 0', async () => {
    const requests = [
      '{"id":1,"op":"keccak256","data":""}',
      'garbage {',
      '{"id":"two","op":"monero.viewFromSpend","spend":"148d78d2aba7dbca5cd8f6abcfb0b3c009ffbdbea1ff373d50ed94d78286640e"}',
      '{"id":3,"op":"what"}',
      '{"id":4,"op":"adaptor.parse","adaptorSignature":"00"}',
      '{"id":5,"op":"dleq.points","scalar":"0100000000000000000000000000000000000000000000000000000000000000"}',
      '{"id":6,"op":"bech32.decode","text":"a1lqfn3a"}',
      '{"id":7,"op":"monero.base58Decode","text":"5R"}',
    ];
    const { code, lines, stderr } = await runCli(requests.join('\n') + '\n');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(lines.length).toBe(requests.length);
    const r = lines.map((l) => JSON.parse(l) as { id: unknown; ok: boolean; result?: Record<string, unknown>; error?: { code: string } });
    expect(r.map((x) => x.id)).toEqual([1, null, 'two', 3, 4, 5, 6, 7]);
    expect(r[0]!.result!.hash).toBe('c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');
    expect(r[1]!.error!.code).toBe('bad-request');
    expect(r[2]!.result!.view).toBe('49774391fa5e8d249fc2c5b45dadef13534bf2483dede880dac88f061e809100');
    expect(r[3]!.error!.code).toBe('unsupported');
    expect(r[4]!.error!.code).toBe('invalid');
    expect(r[5]!.result).toEqual({
      ed25519: '5866666666666666666666666666666666666666666666666666666666666666',
      secp256k1: '0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798',
    });
    expect(r[6]!.result).toEqual({ hrp: 'a', encoding: 'bech32m' });
    expect(r[7]!.error!.code).toBe('invalid');
  });

  it('exits 0 on empty input', async () => {
    const { code, lines } = await runCli('');
    expect(code).toBe(0);
    expect(lines).toEqual([]);
  });
});
