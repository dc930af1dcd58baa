// Client settings (network, node endpoints, sandbox) in one JSON file, replaced atomically so a
// crash mid-write leaves either the old or the new settings, never half of each.
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { type Settings, type SettingsPatch, SettingsSchema } from '../../shared/ipc/channels';
import { migrateSettings } from './settings-migration';

export const defaultSettings = (dataDir: string): Settings => ({
  network: 'regtest',
  sandbox: true,
  bitcoinNodes: [{ url: 'http://127.0.0.1:18443', auth: { kind: 'none' } }],
  moneroNodes: [{ url: 'http://127.0.0.1:18081', trusted: true }],
  dataDir,
});

export class SettingsFile {
  private constructor(
    private readonly file: string,
    private current: Settings,
  ) {}

  static async open(dataDir: string): Promise<SettingsFile> {
    await mkdir(dataDir, { recursive: true });
    const file = path.join(dataDir, 'settings.json');
    let current = defaultSettings(dataDir);
    try {
      // An old file (one URL per chain) is read in the new shape; it is rewritten at the next save.
      const parsed = SettingsSchema.safeParse(migrateSettings(JSON.parse(await readFile(file, 'utf8'))));
      // A damaged settings file falls back to defaults; it holds no funds or keys, so nothing is lost.
      if (parsed.success) current = { ...parsed.data, dataDir };
    } catch {}
    return new SettingsFile(file, current);
  }

  get(): Settings {
    return this.current;
  }

  /** `relays: null` (or undefined) drops the person's relay list: the network's defaults apply again. */
  async update(patch: SettingsPatch): Promise<Settings> {
    const { relays, ...rest } = { ...this.current, ...patch, dataDir: this.current.dataDir };
    const next = SettingsSchema.parse(relays ? { ...rest, relays } : rest);
    const tmp = `${this.file}.tmp`;
    const fh = await open(tmp, 'w', 0o600);
    try {
      await fh.writeFile(JSON.stringify(next, null, 2));
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, this.file);
    this.current = next;
    return next;
  }
}
