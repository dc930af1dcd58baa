// Builds the options of the one app window: the Electron hardening flags live here, in a plain
// function, so a test can prove them (contextIsolation on, sandbox on, nodeIntegration off...).

export interface WindowOptionsInput {
  preloadPath: string;
  title?: string;
}

/** Structurally a subset of Electron's BrowserWindowConstructorOptions (no import of electron here). */
export interface HardenedWindowOptions {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  title: string;
  show: boolean;
  backgroundColor: string;
  webPreferences: {
    preload: string;
    contextIsolation: true;
    sandbox: true;
    nodeIntegration: false;
    nodeIntegrationInWorker: false;
    nodeIntegrationInSubFrames: false;
    webSecurity: true;
    allowRunningInsecureContent: false;
    webviewTag: false;
    experimentalFeatures: false;
    navigateOnDragDrop: false;
    spellcheck: false;
    devTools: boolean;
  };
}

export function buildWindowOptions(input: WindowOptionsInput, env: { dev: boolean } = { dev: false }): HardenedWindowOptions {
  if (!input.preloadPath.endsWith('.js') && !input.preloadPath.endsWith('.cjs')) {
    throw new Error(`preload must be a built JS file, got ${input.preloadPath}`);
  }
  return {
    width: 1200,
    height: 820,
    minWidth: 900,
    minHeight: 640,
    title: input.title ?? 'Farcaster Swap Wallet',
    show: false,
    backgroundColor: '#0f1420',
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: env.dev,
    },
  };
}
