// Test support: runs keychain operations in a fresh child process with a given environment (a
// private D-Bus, a HOME) and returns each typed Result. Guards: the child is killed by pid once it
// has answered, so a timed-out libsecret call cannot keep a process alive.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./keychain-call-child.ts', import.meta.url));

export type KeychainOp =
  | { op: 'get' | 'delete'; service: string; account: string }
  | { op: 'set'; service: string; account: string; secret: string };

export interface KeychainOpResult {
  op: string;
  ms: number;
  ok: boolean;
  value?: unknown;
  kind?: string;
}

export function runKeychainChild(env: Record<string, string>, timeoutMs: number, ops: KeychainOp[]): Promise<KeychainOpResult[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), CHILD, String(timeoutMs), JSON.stringify(ops)], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let errText = '';
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stderr.on('data', (d: Buffer) => (errText += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!out.includes('\n')) return;
      clearTimeout(guard);
      child.kill('SIGKILL');
    });
    // Resolved on the exit, not on the answer: a caller counting the processes of the keychain's runtime
    // dir right after must not see this child still dying (choose-keychain.itest saw 3, not 2, 1 run in 4).
    child.on('exit', (code) => {
      clearTimeout(guard);
      if (!out.includes('\n')) reject(new Error(`keychain child exited (${code}) without a result\n${errText}`));
      else resolve(JSON.parse(out.split('\n')[0] ?? '[]') as KeychainOpResult[]);
    });
  });
}
