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
    packages: [...PURE, 'react', 'react-dom', 'zustand', 'qrcode'],
    testPackages: [...TEST_ONLY, 'jsqr'],
  },
  electron: { folders: ['electron', 'shared'], testFolders: ['rigs'], packages: ['*', 'node'], deny: ['electron', 'react', 'react-dom', 'zustand'] },
  rigs: { folders: ['rigs', 'electron', 'shared'], packages: ['*', 'node'], deny: ['electron', 'react', 'react-dom', 'zustand'] },
  e2e: { folders: ['e2e', 'electron', 'shared', 'renderer', 'rigs'], packages: ['*', 'node'], deny: ['electron'] },
  build: { folders: ['build', 'electron', 'shared', 'rigs'], packages: ['*', 'node'], deny: [] },
};

/** The layers whose non-test files ship in the app; none of them may import a rig. */
const SHIPPED = new Set(['shared', 'electron', 'renderer']);

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
    }
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

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'enforce the shared/renderer/electron/rigs import layering' },
    schema: [],
    messages: {
      badFolder: "bad layering: {{file}} ({{layer}}/) imports '{{spec}}'; {{layer}}/ may only import from: {{allowed}}",
      badPackage: "bad layering: {{file}} ({{layer}}/) imports package '{{spec}}'; allowed here: {{allowed}}",
      electronOnlyEntry: "bad layering: {{file}} imports 'electron'; only electron/main.ts and electron/preload.ts may",
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
