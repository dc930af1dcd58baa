// The keychain and the signer process for the wallet: the keychain is chosen beside the endpoints (the
// OS one, a private one for the regtest sandbox, else refused), and the signer, started with the chosen
// keychain's environment, loads (or on first run creates) the seed. The host never loads the seed.
import type { AppStatus, Settings } from '../../shared/ipc/channels';
import { chooseKeychain, type ChooseKeychainOptions, type KeychainChoice } from '../keychain/choose-keychain';
import type { SignerClient } from '../signer/signer-client';

export interface KeychainSelection {
  readonly chosen: Promise<KeychainChoice>;
  /** The keychain in use, or why none is (logged once, as the reason the wallet did not start); null if the choice failed. */
  readonly line: Promise<string | null>;
}

export function selectKeychain(o: {
  readonly settings: Settings;
  readonly sandboxFile?: string;
  readonly dataDir: string;
  readonly chooseKeychain?: (o: ChooseKeychainOptions) => Promise<KeychainChoice>;
  readonly log: (line: string) => void;
}): KeychainSelection {
  // Chosen beside the endpoints (the probe takes up to ~3 s; the sandbox ~20 s). Settled before ready.
  const chosen = (o.chooseKeychain ?? chooseKeychain)({
    network: o.settings.network,
    sandbox: o.settings.network === 'regtest' && (o.settings.sandbox || Boolean(o.sandboxFile)),
    dataDir: o.dataDir,
  });
  const line = chosen.then(
    (k) => {
      if (k.kind === 'refused') return k.message; // logged once, as the reason the wallet did not start
      o.log(k.line); // now, not once the sandbox is up (~20 s later)
      return k.line;
    },
    () => null,
  );
  return { chosen, line };
}

/** Start the signer and ask its status: throws with what to do when it cannot start or the keychain is locked. */
export async function signerReady(signer: SignerClient, where: string, log: (line: string) => void): Promise<NonNullable<AppStatus['wallet']>> {
  const s = await signer.start();
  if (!s.ok) throw new Error(`the signer process did not start: ${s.error.message}`);
  // First run: the signer creates the seed in the OS keychain now; a locked keychain is reported here.
  const st = await signer.request({ kind: 'status' });
  if (!st.ok) throw new Error(`the keychain is not available (${st.error.kind}): ${st.error.message}. Unlock your keychain and restart the wallet.`);
  log(`signer ready, seed ${st.value.seedFingerprint}${st.value.seedCreated ? ' (created now)' : ''}`);
  return { id: st.value.seedFingerprint, keychain: where };
}
