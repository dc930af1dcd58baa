// `npm start`: the desktop app when Electron's binary and a display exist; otherwise the same app in
// the browser host on 127.0.0.1, saying why in one line. Bootstraps and builds first, quietly: the
// builds' output is shown only when one fails, so the person reads four lines (why no window, the
// URL, the keychain, ready) and the rest goes to the log file in the data dir.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { bootstrap, electronBinaryPath } from './bootstrap.mjs';

const root = path.resolve(import.meta.dirname, '..');
bootstrap();

const step = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (r.status === 0) return;
  process.stderr.write(`${cmd} ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`);
  process.exit(r.status ?? 1);
};
step('npx', ['vite', 'build', '--logLevel', 'error']);
step('node', ['build/build-electron.mjs']);

const electron = electronBinaryPath();
const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const forceBrowser = process.argv.includes('--browser');

let child;
if (electron && hasDisplay && !forceBrowser) {
  console.log('Starting the desktop app (Electron).');
  child = spawn(electron, ['.'], { cwd: root, stdio: 'inherit' });
} else {
  const why = forceBrowser
    ? 'browser host requested (--browser)'
    : !electron
      ? "Electron's binary is not installed on this machine (it could not be downloaded)"
      : 'no display is available';
  console.log(`${why}: serving the same app in the browser host instead; open the URL below.`);
  const port = process.env.FCSWAP_PORT ?? '4780';
  // Host flags pass through: npm start -- --browser --data-dir D --sandbox-file F --no-daemon
  const hostArgs = process.argv.slice(2).filter((a) => a !== '--browser');
  child = spawn(process.execPath, ['dist/electron/host.mjs', '--port', port, ...hostArgs], { cwd: root, stdio: 'inherit' });
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
