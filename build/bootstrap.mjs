// Idempotent self-setup used by `npm start` and `npm test`: installs missing Debian packages (as root,
// else prints the exact apt-get line and exits 1) and runs `npm ci` when node_modules is missing or
// older than the lockfile. Electron's binary download is skipped here and tried once on its own.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
export const DEBIAN_PACKAGES = ['monero', 'litecoind', 'chromium', 'xvfb', 'libsecret-1-dev', 'gnome-keyring', 'dbus', 'dbus-x11'];

const log = (msg) => console.log(`[bootstrap] ${msg}`);

function missingDebianPackages() {
  if (process.platform !== 'linux' || !existsSync('/usr/bin/dpkg-query')) return [];
  return DEBIAN_PACKAGES.filter((pkg) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });
}

function ensureDebianPackages() {
  const missing = missingDebianPackages();
  if (missing.length === 0) return;
  const line = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    console.error(`[bootstrap] missing Debian packages: ${missing.join(', ')}. Install them with:\n  sudo ${line}`);
    process.exit(1);
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env });
}

function ensureNodeModules() {
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  const lock = path.join(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  log('installing npm packages (npm ci)…');
  const env = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' };
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit', env });
  tryElectronBinary();
}

/** Best effort: on a machine with internet this fetches Electron; here it fails fast and we say so. */
function tryElectronBinary() {
  const install = path.join(root, 'node_modules', 'electron', 'install.js');
  if (!existsSync(install) || electronBinaryPath()) return;
  const r = spawnSync(process.execPath, [install], { cwd: path.dirname(install), timeout: 120_000, encoding: 'utf8' });
  log(
    r.status === 0 && electronBinaryPath()
      ? 'Electron binary installed'
      : 'Electron binary could not be downloaded here; the app will run in its browser host',
  );
}

/** The Electron executable if its binary was installed, else null. */
export function electronBinaryPath() {
  const pathTxt = path.join(root, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathTxt)) return null;
  const rel = execFileSync('cat', [pathTxt], { encoding: 'utf8' }).trim();
  const bin = path.join(root, 'node_modules', 'electron', 'dist', rel);
  return existsSync(bin) ? bin : null;
}

export function bootstrap() {
  mkdirSync(path.join(os.homedir(), '.cache'), { recursive: true }); // gnome-keyring needs it
  ensureDebianPackages();
  ensureNodeModules();
}

if (import.meta.url === `file://${process.argv[1]}`) bootstrap();
