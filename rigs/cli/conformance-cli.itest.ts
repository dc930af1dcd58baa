// Spawns the real `conformance` CLI and talks to it over stdin/stdout as an outside harness would.
// Invariant checked: one response line per request line, in order, ids echoed, exit 0 at EOF, nothing
// else on stdout; every public vector answered as its source says; a bad line never affects the next.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConformanceResponse } from '../conformance/conformance-ops';
import { checkVectorAnswers, conformanceVectorCases, EXPECTED_PASSED } from '../conformance/conformance-ops.fixture';

const root = join(import.meta.dirname, '..', '..');

function runCli(input: string | Buffer, timeoutMs = 120_000): Promise<{ code: number | null; stdout: string; lines: string[]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'rigs/cli/conformance.ts')], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
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
      resolve({ code, stdout: out, lines: out.split('\n').filter((l) => l.length > 0), stderr: err });
    });
    child.stdin.end(input);
  });
}

/** Every stdout line must be one response object and nothing else. */
function parseResponses(stdout: string): ConformanceResponse[] {
  expect(stdout.endsWith('\n') || stdout === '').toBe(true);
  return stdout
    .split('\n')
    .slice(0, -1)
    .map((l) => {
      const r = JSON.parse(l) as ConformanceResponse;
      expect(Object.keys(r).sort()).toEqual(r.ok ? ['id', 'ok', 'result'] : ['error', 'id', 'ok']);
      if (!r.ok) {
        expect(['bad-request', 'unsupported', 'invalid']).toContain(r.error.code);
        expect(r.error.message.length).toBeGreaterThan(0);
      }
      return r;
    });
}

const KECCAK_EMPTY = 'c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470';

describe('conformance CLI (spawned)', () => {
  it('the issue one-liner', async () => {
    const { code, stdout, stderr } = await runCli('{"id":1,"op":"keccak256","data":""}\n');
    expect(stdout).toBe(`{"id":1,"ok":true,"result":{"hash":"${KECCAK_EMPTY}"}}\n`);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('answers every public vector as its source says (one process, all sets)', async () => {
    const cases = conformanceVectorCases();
    const { code, stdout, stderr } = await runCli(cases.map((c) => JSON.stringify(c.request)).join('\n') + '\n');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const run = checkVectorAnswers(cases, parseResponses(stdout));
    expect(run.failures).toEqual([]);
    expect(run.passed).toEqual(EXPECTED_PASSED);
    // Counts for the closing note of the run (which sets ran, how many requests each).
    console.log(`conformance vectors through the CLI: ${cases.length} requests\n${Object.entries(run.passed).map(([s, n]) => `  ${s}: ${n}`).join('\n')}`);
  });

  it('malformed lines: the right code each, and the next line still answers', async () => {
    const good = (id: number) => `{"id":${id},"op":"keccak256","data":""}`;
    const mb = 'ab'.repeat(512 * 1024);
    const bad: [line: string, id: unknown, code: string][] = [
      ['not json {', null, 'bad-request'],
      ['[1,2,3]', null, 'bad-request'],
      ['"a string"', null, 'bad-request'],
      ['{"id":"m1"}', 'm1', 'bad-request'], // missing op
      ['{"id":"m2","op":42}', 'm2', 'bad-request'],
      ['{"id":"m3","op":"no.such.op"}', 'm3', 'unsupported'],
      ['{"id":"m4","op":"__proto__"}', 'm4', 'unsupported'],
      ['{"id":"m5","op":"keccak256","data":12}', 'm5', 'bad-request'], // wrong param type
      ['{"id":"m6","op":"btc.encodeSegwitAddress","hrp":"bc","version":"0","program":"751e76e8199196d454941c45d1b3a323f1433bd6"}', 'm6', 'bad-request'],
      ['{"id":"m7","op":"keccak256","data":"abc"}', 'm7', 'bad-request'], // odd-length hex
      ['{"id":"m8","op":"keccak256","data":"ABCD"}', 'm8', 'bad-request'], // uppercase hex
      ['{"id":"m9","op":"adaptor.parse","adaptorSignature":"00"}', 'm9', 'invalid'],
      [`{"id":"m10","op":"monero.base58Decode","text":"${'z'.repeat(1 << 20)}"}`, 'm10', 'invalid'], // 1 MB line, refused
      [`{"id":"m11","op":"adaptor.verify","publicKey":"${mb}","encryptionKey":"${mb}","message":"${mb}","adaptorSignature":"${mb}"}`, 'm11', 'invalid'], // 4 MB line
      [`{"id":"m12","op":"keccak256","data":"${mb}`, null, 'bad-request'], // 1 MB line cut short
      ['', null, 'bad-request'],
    ];
    const lines: string[] = [];
    bad.forEach(([line], i) => lines.push(line, good(i)));
    lines.push('{"id":"cr",\r"op":"keccak256","data":""}'); // a lone CR is JSON whitespace, not a line end
    lines.push(`{"id":"big","op":"keccak256","data":"${mb}"}\r`, good(999)); // 1 MB valid line, CRLF ending
    const { code, stdout, stderr } = await runCli(lines.join('\n')); // last line without its newline
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const r = parseResponses(stdout);
    expect(r.length).toBe(lines.length);
    bad.forEach(([line, id, errCode], i) => {
      expect({ line: line.slice(0, 60), id: r[2 * i]!.id, code: r[2 * i]!.ok ? 'ok' : (r[2 * i] as { error: { code: string } }).error.code }).toEqual({ line: line.slice(0, 60), id, code: errCode });
      expect(r[2 * i + 1]).toEqual({ id: i, ok: true, result: { hash: KECCAK_EMPTY } });
    });
    expect(r.at(-3)).toEqual({ id: 'cr', ok: true, result: { hash: KECCAK_EMPTY } });
    expect(r.at(-2)).toMatchObject({ id: 'big', ok: true });
    expect(r.at(-1)).toEqual({ id: 999, ok: true, result: { hash: KECCAK_EMPTY } });
  });

  it('bytes that are not UTF-8 and an over-long line (17 MB) each get bad-request; the stream goes on', async () => {
    const input = Buffer.concat([
      Buffer.from([0xff, 0xfe, 0x7b, 0x0a]),
      Buffer.from(`{"id":1,"op":"keccak256","data":"${'00'.repeat(17 * 512 * 1024)}"}\n`),
      Buffer.from('{"id":2,"op":"keccak256","data":""}\n'),
    ]);
    const { code, stdout, stderr } = await runCli(input);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const r = parseResponses(stdout);
    expect(r).toHaveLength(3);
    expect(r[0]).toMatchObject({ id: null, ok: false, error: { code: 'bad-request' } });
    expect(r[1]).toMatchObject({ id: null, ok: false, error: { code: 'bad-request', message: expect.stringMatching(/longer than/) } });
    expect(r[2]).toEqual({ id: 2, ok: true, result: { hash: KECCAK_EMPTY } });
  });

  it('every op in docs/conformance.md answers', async () => {
    const v = '0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798';
    const one = '01' + '00'.repeat(31);
    const requests = [
      { op: 'keccak256', data: '' },
      { op: 'monero.viewFromSpend', spend: one },
      { op: 'monero.publicKey', secret: one },
      { op: 'monero.encodeAddress', network: 'stagenet', publicSpend: '58' + '66'.repeat(31), publicView: '58' + '66'.repeat(31) },
      { op: 'monero.decodeAddress', address: '4AzKEX4gXdJdNeM6dfiBFL7kqund3HYGvMBF3ttsNd9SfzgYB6L7ep1Yg1osYJzLdaKAYSLVh6e6jKnAuzj3bw1oGy9kXCb' },
      { op: 'monero.base58Encode', data: 'ff' },
      { op: 'monero.base58Decode', text: '5Q' },
      { op: 'bech32.decode', text: 'a12uel5l' },
      { op: 'btc.decodeSegwitAddress', address: 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', hrp: 'bc' },
      { op: 'btc.encodeSegwitAddress', hrp: 'bc', version: 1, program: v.slice(2) },
      { op: 'adaptor.encrypt', secretKey: '00'.repeat(31) + '01', encryptionKey: v, message: '00'.repeat(32) },
      { op: 'adaptor.parse', adaptorSignature: '00'.repeat(162) },
      { op: 'adaptor.verify', publicKey: v, encryptionKey: v, message: '00'.repeat(32), adaptorSignature: '00'.repeat(162) },
      { op: 'adaptor.decrypt', adaptorSignature: '00'.repeat(162), decryptionKey: '00'.repeat(31) + '01' },
      { op: 'adaptor.recover', adaptorSignature: '00'.repeat(162), signature: '00'.repeat(64), encryptionKey: v },
      { op: 'dleq.points', scalar: one },
      { op: 'dleq.prove', scalar: one },
      { op: 'dleq.verify', proof: '00'.repeat(64_898), ed25519: '58' + '66'.repeat(31), secp256k1: v },
    ];
    const { code, stdout } = await runCli(requests.map((q, i) => JSON.stringify({ id: i, ...q })).join('\n') + '\n');
    expect(code).toBe(0);
    const r = parseResponses(stdout);
    expect(r.map((x) => x.id)).toEqual(requests.map((_, i) => i));
    // None is unsupported and none is a bad request: each op exists with the documented params.
    for (const [i, x] of r.entries()) expect(x.ok || x.error.code === 'invalid', `${requests[i]!.op}: ${JSON.stringify(x)}`).toBe(true);
    const okOps = r.flatMap((x, i) => (x.ok ? [requests[i]!.op] : []));
    expect(okOps).toEqual(expect.arrayContaining(['keccak256', 'monero.viewFromSpend', 'monero.publicKey', 'monero.encodeAddress', 'monero.decodeAddress', 'monero.base58Encode', 'monero.base58Decode', 'bech32.decode', 'btc.decodeSegwitAddress', 'btc.encodeSegwitAddress', 'adaptor.encrypt', 'adaptor.verify', 'dleq.points', 'dleq.prove', 'dleq.verify']));
    const resultKeys = Object.fromEntries(r.flatMap((x, i) => (x.ok ? [[requests[i]!.op, Object.keys(x.result).sort().join(',')]] : [])));
    expect(resultKeys).toMatchObject({
      keccak256: 'hash',
      'monero.viewFromSpend': 'view',
      'monero.publicKey': 'public',
      'monero.encodeAddress': 'address',
      'monero.decodeAddress': 'kind,network,publicSpend,publicView',
      'monero.base58Encode': 'text',
      'monero.base58Decode': 'data',
      'bech32.decode': 'encoding,hrp',
      'btc.decodeSegwitAddress': 'program,version',
      'btc.encodeSegwitAddress': 'address',
      'adaptor.encrypt': 'adaptorSignature',
      'adaptor.verify': 'valid',
      'dleq.points': 'ed25519,secp256k1',
      'dleq.prove': 'ed25519,proof,secp256k1',
      'dleq.verify': 'valid',
    });
  });

  it('exits 0 on empty input', async () => {
    const { code, lines } = await runCli('');
    expect(code).toBe(0);
    expect(lines).toEqual([]);
  });
});
