// Test support: runs a list of keychain operations through the keytar adapter in a FRESH process
// (libsecret binds to the D-Bus of its first call) and prints each Result plus its duration as JSON.
// Guards: the secret values it is given never appear in its output except as a get's returned value.
import { createKeytarKeychain } from '../../electron/keychain/keytar-keychain';

type Op = { op: 'get' | 'delete'; service: string; account: string } | { op: 'set'; service: string; account: string; secret: string };

const [timeoutArg, opsArg] = process.argv.slice(2);
const ops = JSON.parse(opsArg ?? '[]') as Op[];
const kc = createKeytarKeychain({ timeoutMs: Number(timeoutArg ?? 5_000) });
const out: Array<{ op: string; ms: number; ok: boolean; value?: unknown; kind?: string }> = [];
for (const o of ops) {
  const t0 = Date.now();
  const r = o.op === 'set' ? await kc.set(o.service, o.account, o.secret) : await kc[o.op](o.service, o.account);
  out.push({ op: o.op, ms: Date.now() - t0, ok: r.ok, ...(r.ok ? { value: r.value } : { kind: r.error.kind }) });
}
process.stdout.write(JSON.stringify(out) + '\n');
// The parent kills this process once it has the line: a timed-out libsecret call would otherwise
// hold process exit until D-Bus gives up (~25 s).
