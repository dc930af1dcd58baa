// Import layering for the wallet, enforced by lint as VS Code does between common/browser/node:
// shared/ is pure, renderer/ is browser-only, and only electron/main.ts + electron/preload.ts touch Electron.
// DO NOT RELAX this table to make an import pass: move the code to the right layer instead.
import path from 'node:path';

/** Pure npm packages shared/ may use (no I/O, no platform APIs). */
const PURE = ['zod', '@noble/curves', '@noble/hashes', '@noble/ciphers', '@scure/base', '@scure/btc-signer', '@scure/bip32', '@scure/bip39'];
const TEST_ONLY = ['vitest', 'fast-check'];
const ELECTRON_ENTRY = new Set(['electron/main.ts', 'electron/preload.ts']);

/**
 * Each layer: which top-level folders relative imports may reach, and which packages it may use
 * (`node` = node:* builtins; `*` = any package except those in `deny`).
 */
export const LAYERS = {
  shared: { folders: ['shared'], packages: PURE, testPackages: [...TEST_ONLY, 'node'] },
  renderer: {
    folders: ['renderer', 'shared'],
    packages: [...PURE, 'react', 'react-dom', 'zustand', 'qrcode'],
    testPackages: [...TEST_ONLY, 'jsqr'],
  },
  electron: { folders: ['electron', 'shared'], packages: ['*', 'node'], deny: ['electron', 'react', 'react-dom', 'zustand'] },
  e2e: { folders: ['e2e', 'electron', 'shared', 'renderer'], packages: ['*', 'node'], deny: ['electron'] },
  build: { folders: ['build', 'electron', 'shared'], packages: ['*', 'node'], deny: [] },
};

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
    if (!layer.folders.includes(targetTop)) {
      context.report({ node, messageId: 'badFolder', data: { file: rel, spec, layer: top, allowed: layer.folders.join(', ') } });
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
    docs: { description: 'enforce the shared/renderer/electron import layering' },
    schema: [],
    messages: {
      badFolder: "bad layering: {{file}} ({{layer}}/) imports '{{spec}}'; {{layer}}/ may only import from: {{allowed}}",
      badPackage: "bad layering: {{file}} ({{layer}}/) imports package '{{spec}}'; allowed here: {{allowed}}",
      electronOnlyEntry: "bad layering: {{file}} imports 'electron'; only electron/main.ts and electron/preload.ts may",
      noLayer: 'bad layering: {{file}} is in no known layer (shared, electron, renderer, e2e, build)',
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
