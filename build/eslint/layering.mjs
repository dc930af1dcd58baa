// Import layering for the wallet, enforced by lint as VS Code does between common/browser/node:
// shared/ is pure, renderer/ is browser-only, and only electron/main.ts + electron/preload.ts touch Electron.
// What ships is shared/, electron/ and renderer/; everything that only tests, benchmarks or demonstrates
// lives in rigs/, and nothing that ships imports a rig (only tests may).
// DO NOT RELAX this table to make an import pass: move the code to the right layer instead.
import path from 'node:path';

/** Pure npm packages shared/ may use (no I/O, no platform APIs). */
const PURE = ['zod', '@noble/curves', '@noble/hashes', '@noble/ciphers', '@scure/base', '@scure/btc-signer', '@scure/bip32', '@scure/bip39'];
const TEST_ONLY = ['vitest', 'fast-check'];
const ELECTRON_ENTRY = new Set(['electron/main.ts', 'electron/preload.ts']);

/**
 * Each layer: which top-level folders relative imports may reach (`testFolders`: more, for its tests
 * only), and which packages it may use (`node` = node:* builtins; `*` = any package except those in `deny`).
 */
export const LAYERS = {
  shared: { folders: ['shared'], testFolders: ['rigs'], packages: PURE, testPackages: [...TEST_ONLY, 'node'] },
  renderer: {
    folders: ['renderer', 'shared'],
    testFolders: ['rigs'],
    packages: [...PURE, 'react', 'react-dom', 'zustand', 'qrcode', '@dagrejs/dagre'],
    testPackages: [...TEST_ONLY, 'jsqr'],
  },
  electron: { folders: ['electron', 'shared'], testFolders: ['rigs'], packages: ['*', 'node'], deny: ['electron', 'react', 'react-dom', 'zustand'] },
  rigs: { folders: ['rigs', 'electron', 'shared'], packages: ['*', 'node'], deny: ['electron', 'react', 'react-dom', 'zustand'] },
  e2e: { folders: ['e2e', 'electron', 'shared', 'renderer', 'rigs'], packages: ['*', 'node'], deny: ['electron'] },
  build: { folders: ['build', 'electron', 'shared', 'rigs'], packages: ['*', 'node'], deny: [] },
};

/** The layers whose non-test files ship in the app; none of them may import a rig. */
const SHIPPED = new Set(['shared', 'electron', 'renderer']);

/**
 * Floors inside electron/, lowest first. A shipped file may import its own floor or a lower one, never
 * a higher one (tests are exempt); a room (folder, or file at electron/'s top) must be on a floor. Why
 * this order (each floor only needs what is below it):
 *  0 leaves, each talking to one outside thing and knowing no swap beyond shared/: the transcript
 *    store (disk), the peer link (socket), the keychain (OS secret store), the syncer workers and their
 *    supervisor (node RPC), the DLEQ verifier pool (worker threads), the log (file), and the window's
 *    security options (Chromium).
 *  1 signer (holds the seed; reads the keychain) and regtest (starts nodes; talks to them through the
 *    syncer's RPC client).
 *  2 client: checks each transaction and asks the signer; it answers the daemon's datum requests
 *    through a port, so it knows no daemon.
 *    nostr, beside it: the offer book over Nostr relays (relay pool, the taker's book, the maker's
 *    announcer, the local relay process); its announcer asks the signer to sign offer events, and it
 *    knows no swap, daemon or app, so every maker (app, headless maker, sandbox) can use it.
 *  3 daemon: swap actors and the swap node, composing store, peer, syncer, crypto and the client.
 *  4 sandbox: a regtest world built from regtest nodes, a maker daemon and its client.
 *  5 app: the wallet behind the channels, composing daemon, client, signer and sandbox; it implements
 *    shared/ipc's WalletApi port, so it needs nothing from the host. maker: the headless maker for a
 *    server, composing daemon, client, keychain and syncer like the app, and judging the operator's
 *    nodes with the app's own node check (so a node the wallet refuses, the maker refuses); nothing
 *    below needs it and it needs nothing above (only cli/ starts it).
 *  6 host: the channel handlers and the browser host, serving an app.
 *  7 the process entries: cli/ (browser host, sandbox), main.ts, preload.ts.
 * DO NOT REORDER to make an import pass: move the shared type or function down instead.
 */
export const FLOORS = [
  ['store', 'peer', 'keychain', 'syncer', 'crypto', 'log', 'security.ts', 'window-options.ts', 'child-entry.ts'],
  ['signer', 'regtest'],
  ['client', 'nostr'],
  ['daemon'],
  ['sandbox'],
  ['app', 'maker'],
  ['host'],
  ['cli', 'main.ts', 'preload.ts'],
];

/** The room of an electron/ path (its folder, or its file name at the top), or null outside electron/. */
function roomOf(rel) {
  const parts = rel.split('/');
  if (parts[0] !== 'electron' || parts.length < 2) return null;
  if (parts.length > 2 || floorOf(parts[1]) >= 0) return parts[1]; // a folder (`'../regtest'` is its index)
  // A file at electron/'s top is its own room, named with `.ts` (imports name it without).
  return `${parts[1].replace(/\.tsx?$/, '')}.ts`;
}
const floorOf = (room) => FLOORS.findIndex((rooms) => rooms.includes(room));

const NODE_BUILTINS = new Set([
  'assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises', 'http', 'https',
  'http2', 'net', 'os', 'path', 'perf_hooks', 'process', 'readline', 'stream', 'timers', 'tls', 'url', 'util', 'v8', 'vm',
  'worker_threads', 'zlib',
]);

function packageName(spec) {
  if (spec.startsWith('node:') || NODE_BUILTINS.has(spec)) return 'node';
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const isTest = (rel) => /\.(test|itest)\.tsx?$/.test(rel);

function check(context, node, spec) {
  if (typeof spec !== 'string') return;
  const root = context.cwd;
  const rel = path.relative(root, context.filename).split(path.sep).join('/');
  const top = rel.split('/')[0];
  const layer = LAYERS[top];
  if (!layer) {
    if (/\.tsx?$/.test(rel) && rel.includes('/')) {
      context.report({ node, messageId: 'noLayer', data: { file: rel } });
    }
    return;
  }
  if (spec.startsWith('.')) {
    const target = path.relative(root, path.resolve(path.dirname(context.filename), spec)).split(path.sep).join('/');
    const targetTop = target.split('/')[0];
    if (targetTop === 'rigs' && SHIPPED.has(top) && !isTest(rel)) {
      context.report({ node, messageId: 'shipsImportsRig', data: { file: rel, spec } });
      return;
    }
    const folders = isTest(rel) ? [...layer.folders, ...(layer.testFolders ?? [])] : layer.folders;
    if (!folders.includes(targetTop)) {
      context.report({ node, messageId: 'badFolder', data: { file: rel, spec, layer: top, allowed: folders.join(', ') } });
      return;
    }
    if (top === 'electron' && targetTop === 'electron' && !isTest(rel)) checkFloors(context, node, rel, target, spec);
    return;
  }
  const pkg = packageName(spec);
  if (pkg === 'electron') {
    if (!ELECTRON_ENTRY.has(rel)) context.report({ node, messageId: 'electronOnlyEntry', data: { file: rel } });
    return;
  }
  const allowed = isTest(rel) ? [...layer.packages, ...(layer.testPackages ?? [])] : layer.packages;
  const denied = (layer.deny ?? []).includes(pkg);
  if (denied || !(allowed.includes(pkg) || (allowed.includes('*') && pkg !== 'node'))) {
    context.report({ node, messageId: 'badPackage', data: { file: rel, spec, layer: top, allowed: allowed.join(', ') } });
  }
}

function checkFloors(context, node, rel, target, spec) {
  const room = roomOf(rel);
  const targetRoom = roomOf(target);
  if (room === targetRoom) return;
  const floor = floorOf(room);
  const targetFloor = floorOf(targetRoom);
  if (floor < 0) {
    context.report({ node, messageId: 'noFloor', data: { file: rel, room } });
  } else if (targetFloor < 0) {
    context.report({ node, messageId: 'noFloor', data: { file: target, room: targetRoom } });
  } else if (targetFloor > floor) {
    context.report({ node, messageId: 'upFloor', data: { file: rel, spec, room, floor, targetRoom, targetFloor } });
  }
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'enforce the shared/renderer/electron/rigs import layering' },
    schema: [],
    messages: {
      badFolder: "bad layering: {{file}} ({{layer}}/) imports '{{spec}}'; {{layer}}/ may only import from: {{allowed}}",
      badPackage: "bad layering: {{file}} ({{layer}}/) imports package '{{spec}}'; allowed here: {{allowed}}",
      electronOnlyEntry: "bad layering: {{file}} imports 'electron'; only electron/main.ts and electron/preload.ts may",
      upFloor:
        "bad layering: {{file}} imports '{{spec}}' up the floors (electron/{{room}} is on floor {{floor}}, electron/{{targetRoom}} on floor {{targetFloor}}); move what it needs down instead",
      noFloor: 'bad layering: electron/{{room}} ({{file}}) is on no floor; add it to FLOORS in build/eslint/layering.mjs',
      shipsImportsRig: "bad layering: {{file}} ships but imports the rig '{{spec}}'; nothing that ships imports rigs/ (only tests may)",
      noLayer: `bad layering: {{file}} is in no known layer (${Object.keys(LAYERS).join(', ')})`,
    },
  },
  create(context) {
    return {
      ImportDeclaration: (n) => check(context, n, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(context, n, n.source.value),
      ExportAllDeclaration: (n) => check(context, n, n.source.value),
      ImportExpression: (n) => n.source.type === 'Literal' && check(context, n, n.source.value),
      CallExpression: (n) => {
        if (n.callee.type === 'Identifier' && n.callee.name === 'require' && n.arguments[0]?.type === 'Literal') {
          check(context, n, n.arguments[0].value);
        }
      },
    };
  },
};

export default { rules: { layering: rule } };
