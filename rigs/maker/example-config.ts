// The documented example config (examples/maker.example.toml) as the maker's tests edit it: parsed,
// then fields set or deleted by dotted path ("policy.sell_xmr.min_btc"), wrong values on purpose.
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { checkMakerConfig, type MakerConfig } from '../../electron/maker/maker-config';

export const EXAMPLE_CONFIG = path.resolve(import.meta.dirname, '../../examples/maker.example.toml');

type Node = Record<string, unknown>;

/** The example with `edits` applied: `{ 'a.b': v }` sets a.b (creating objects on the way), undefined deletes it. */
export function editedExample(edits: Record<string, unknown> = {}): Node {
  const c = parseToml(fs.readFileSync(EXAMPLE_CONFIG, 'utf8')) as Node;
  for (const [at, value] of Object.entries(edits)) {
    const keys = at.split('.');
    const last = keys.pop()!;
    let o: Node = c;
    for (const k of keys) o = (o[k] ??= {}) as Node;
    if (value === undefined) delete o[last];
    else o[last] = value;
  }
  return c;
}

/** The edited example, checked: throws if the maker would refuse it. */
export function exampleConfig(edits: Record<string, unknown> = {}): MakerConfig {
  const r = checkMakerConfig(editedExample(edits));
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
