// Where the wallet keeps its data: FCSWAP_DATA_DIR, else the platform's per-user data folder.
// One place decides it, so the daemon, the host and the docs never disagree.
import os from 'node:os';
import path from 'node:path';

export const APP_DIR_NAME = 'farcaster-swap-wallet';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.FCSWAP_DATA_DIR) return path.resolve(env.FCSWAP_DATA_DIR);
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_DIR_NAME);
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), APP_DIR_NAME);
}
