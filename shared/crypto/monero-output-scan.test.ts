// Known answers for the in-process Monero output scan: the Monero project's own vectors for the key
// derivation steps (tests/crypto/tests.txt), and real regtest transactions made by monero-wallet-rpc
// (rigs/crypto/monero-scan-fixture.ts), whose amounts the wallet itself reported.
// Invariant checked: the scan finds exactly the wallet's outputs and amounts, and nothing once an
// amount, a commitment or a key is wrong; malformed JSON is a typed error, never a throw.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromHex, toHex } from '../hex';
import vectors from './vectors/monero-derivation.json';
import regtest from './vectors/monero-scan-regtest.json';
import { ED_L, EdPoint, modL, scalarFromBytesLE, scalarToBytesLE } from './ed25519-codec';
import { keccak256 } from './monero-keys';
import { parseMoneroTxBlob } from './monero-tx-blob';
import { derivationToScalar, derivePublicKey, deriveViewTag, keyDerivation, parseMoneroTxJson, scanOwnedOutputs, type ParsedMoneroTx, type ViewScanKeys } from './monero-output-scan';

const lines = (cmd: string): string[][] => vectors.lines.map((l) => l.split(' ')).filter((f) => f[0] === cmd).map((f) => f.slice(1));

describe('Monero key derivation (monero-project tests/crypto/tests.txt)', () => {
  it.each(lines('generate_key_derivation'))('generate_key_derivation %s', (R, secret, okText, expected) => {
    const d = keyDerivation(fromHex(R!), scalarFromBytesLE(fromHex(secret!)));
    if (okText === 'true') expect(d && toHex(d)).toBe(expected);
    else expect(d).toBeNull();
  });

  it.each(lines('derive_public_key'))('derive_public_key %s', (derivation, index, base, okText, expected) => {
    const P = derivePublicKey(fromHex(derivation!), Number(index), fromHex(base!));
    if (okText === 'true') expect(P && toHex(P)).toBe(expected);
    else expect(P).toBeNull();
  });

  it.each(lines('derive_secret_key'))('derivation_to_scalar, through derive_secret_key %s', (derivation, index, base, expected) => {
    const s = modL(derivationToScalar(fromHex(derivation!), Number(index)) + scalarFromBytesLE(fromHex(base!)));
    expect(toHex(scalarToBytesLE(s))).toBe(expected);
  });

  it.each(lines('derive_view_tag'))('derive_view_tag %s %s', (derivation, index, tag) => {
    expect(deriveViewTag(fromHex(derivation!), Number(index))).toBe(Number.parseInt(tag!, 16));
  });
});

type Keyset = keyof typeof regtest.keysets;
const KEYSETS = Object.keys(regtest.keysets) as Keyset[];
const keysOf = (k: Keyset): ViewScanKeys => ({ viewSecret: fromHex(regtest.keysets[k].viewSecret), spendPublic: fromHex(regtest.keysets[k].spendPublic) });
const parse = (txid: string, asJson: string): ParsedMoneroTx => {
  const p = parseMoneroTxJson(txid, asJson);
  if (!p.ok) throw new Error(p.error.message);
  return p.value;
};
const scan = (tx: ParsedMoneroTx, keys: ViewScanKeys): { index: number; amount: string }[] => {
  const r = scanOwnedOutputs(tx, keys);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.map((o) => ({ index: o.index, amount: String(o.amount) }));
};
/** The tx JSON with one edit applied (its numbers are all below 2^53 on regtest, so a round trip is exact). */
const edited = (asJson: string, edit: (j: { rct_signatures: { ecdhInfo: { amount: string }[]; outPk: string[] }; vout: { amount: number }[] }) => void): string => {
  const j = JSON.parse(asJson);
  edit(j);
  return JSON.stringify(j);
};
const rctTxs = regtest.txs.filter((t) => JSON.parse(t.asJson).rct_signatures.type !== 0);

describe('Monero output scan on real regtest transactions (rigs/crypto/monero-scan-fixture.ts)', () => {
  it.each(regtest.txs.map((t) => [t.what, t] as const))('%s: each wallet finds exactly what it says it received', (_what, t) => {
    const tx = parse(t.txid, t.asJson);
    for (const k of KEYSETS) expect(scan(tx, keysOf(k)), k).toEqual(t.owned[k]);
  });

  it('reads the tx public key, the additional keys, view tags, commitments and the coinbase clear amount', () => {
    const [std, sub, multi, coinbase] = regtest.txs.map((t) => parse(t.txid, t.asJson));
    expect(std!.txPublicKeys).toHaveLength(1);
    expect(sub!.additionalPublicKeys).toHaveLength(0); // one subaddress destination: R = r·D, no 0x04
    expect(multi!.additionalPublicKeys).toHaveLength(multi!.outputs.length);
    expect(std!.outputs.every((o) => o.viewTag !== null && o.commitment?.length === 32 && o.encryptedAmount?.length === 8 && o.amountClear === null)).toBe(true);
    expect(coinbase!.rctType).toBe(0);
    expect(coinbase!.unlockTime).toBeGreaterThan(0n);
    expect(coinbase!.outputs[0]!.amountClear).toBe(BigInt(regtest.txs[3]!.owned.receiver[0]!.amount));
  });

  it.each(rctTxs.map((t) => [t.what, t] as const))('%s: a tampered encrypted amount is not owned', (_what, t) => {
    for (const k of KEYSETS) {
      for (const o of t.owned[k]) {
        for (const bit of [0, 7, 63]) {
          const json = edited(t.asJson, (j) => {
            const b = fromHex(j.rct_signatures.ecdhInfo[o.index]!.amount);
            b[bit >> 3]! ^= 1 << (bit & 7);
            j.rct_signatures.ecdhInfo[o.index]!.amount = toHex(b);
          });
          expect(scan(parse(t.txid, json), keysOf(k)), `${k} output ${o.index} bit ${bit}`).toEqual(t.owned[k].filter((x) => x.index !== o.index));
        }
      }
    }
  });

  it.each(rctTxs.map((t) => [t.what, t] as const))('%s: a tampered commitment is not owned', (_what, t) => {
    const H = EdPoint.fromBytes(fromHex('8b655970153799af2aeadc9ff1add0ea6c7251d54154cfa92c173a0dd39c1f94'));
    for (const k of KEYSETS) {
      for (const o of t.owned[k]) {
        const other = (o.index + 1) % t.owned[k].length;
        for (const fake of [
          (c: string) => toHex(EdPoint.fromBytes(fromHex(c)).add(H).toBytes()), // a commitment to amount + 1
          (c: string) => toHex(EdPoint.fromBytes(fromHex(c)).add(EdPoint.BASE).toBytes()), // another mask
          (_c: string, all: string[]) => all[other === o.index ? (o.index + 1) % all.length : other]!, // another output's
        ]) {
          const json = edited(t.asJson, (j) => {
            j.rct_signatures.outPk[o.index] = fake(j.rct_signatures.outPk[o.index]!, j.rct_signatures.outPk);
          });
          expect(scan(parse(t.txid, json), keysOf(k)), `${k} output ${o.index}`).toEqual(t.owned[k].filter((x) => x.index !== o.index));
        }
      }
    }
  });

  it('a wrong view key or a wrong spend key finds nothing', () => {
    const randomView = scalarToBytesLE(modL(scalarFromBytesLE(fromHex(regtest.keysets.receiver.viewSecret)) + 1n));
    for (const t of regtest.txs) {
      const tx = parse(t.txid, t.asJson);
      expect(scan(tx, { viewSecret: randomView, spendPublic: keysOf('receiver').spendPublic })).toEqual([]);
      // the receiver's view key with the sender's spend key, and the other way round
      expect(scan(tx, { viewSecret: keysOf('receiver').viewSecret, spendPublic: keysOf('sender').spendPublic })).toEqual([]);
      expect(scan(tx, { viewSecret: keysOf('sender').viewSecret, spendPublic: keysOf('receiver').spendPublic })).toEqual([]);
      // a spend key that is a valid point but nobody's
      expect(scan(tx, { viewSecret: keysOf('receiver').viewSecret, spendPublic: EdPoint.BASE.multiply(12345n).toBytes() })).toEqual([]);
    }
  });

  it('refuses bad scan keys with a typed error', () => {
    const tx = parse(regtest.txs[0]!.txid, regtest.txs[0]!.asJson);
    const L = scalarToBytesLE(ED_L - 1n);
    L[31] = 0xff; // not reduced
    expect(scanOwnedOutputs(tx, { viewSecret: L, spendPublic: keysOf('receiver').spendPublic })).toMatchObject({ ok: false, error: { kind: 'monero-scan-keys' } });
    expect(scanOwnedOutputs(tx, { viewSecret: new Uint8Array(32), spendPublic: keysOf('receiver').spendPublic })).toMatchObject({ ok: false, error: { kind: 'monero-scan-keys' } });
    expect(scanOwnedOutputs(tx, { viewSecret: keysOf('receiver').viewSecret, spendPublic: new Uint8Array(31) })).toMatchObject({ ok: false, error: { kind: 'monero-scan-keys' } });
    expect(scanOwnedOutputs({ ...tx, rctType: 3 }, keysOf('receiver'))).toMatchObject({ ok: false, error: { kind: 'monero-tx-unsupported' } });
  });

  it('malformed JSON is a typed error, never a throw', () => {
    const good = regtest.txs[0]!.asJson;
    const bad = [
      '',
      'not json',
      '[]',
      '{}',
      good.slice(0, good.length / 2),
      edited(good, (j) => void (j.rct_signatures.ecdhInfo = [])),
      edited(good, (j) => void j.rct_signatures.outPk.pop()),
      edited(good, (j) => void (j.rct_signatures.outPk[0] = 'zz')),
      edited(good, (j) => void ((j as unknown as { extra: unknown }).extra = [300])),
      edited(good, (j) => void ((j.vout[0] as unknown as { target: unknown }).target = { tagged_key: { key: '00' } })),
      edited(good, (j) => void ((j as unknown as { unlock_time: unknown }).unlock_time = -1)),
    ];
    for (const b of bad) expect(parseMoneroTxJson('t', b), b.slice(0, 60)).toMatchObject({ ok: false, error: { kind: 'monero-tx-malformed' } });
  });

  it('keeps an unlock_time above 2^53 exact', () => {
    const t = regtest.txs[0]!;
    const huge = t.asJson.replace(/"unlock_time": ?0,/, '"unlock_time": 18446744073709551615,');
    expect(huge).not.toBe(t.asJson);
    const p = parse(t.txid, huge);
    expect(p.unlockTime).toBe(18446744073709551615n);
  });

  it('a truncated or unknown tx_extra field keeps the keys read before it', () => {
    const t = regtest.txs[0]!;
    const json = edited(t.asJson, (j) => {
      const e = (j as unknown as { extra: number[] }).extra;
      e.push(0x04, 0x05, 1, 2, 3); // additional keys announced, not there
    });
    const p = parse(t.txid, json);
    expect(p.txPublicKeys).toHaveLength(1);
    expect(p.additionalPublicKeys).toHaveLength(0);
    expect(scan(p, keysOf('receiver'))).toEqual(t.owned.receiver);
  });

  it('scans fast (figure printed, not asserted)', () => {
    const txs = regtest.txs.map((t) => parse(t.txid, t.asJson));
    const keys = keysOf('receiver');
    const outputs = txs.reduce((n, t) => n + t.outputs.length, 0);
    const rounds = 5;
    const t0 = performance.now();
    let found = 0;
    for (let r = 0; r < rounds; r++) for (const tx of txs) found += scan(tx, keys).length;
    const sec = (performance.now() - t0) / 1000;
    const stranger = { viewSecret: keysOf('sender').viewSecret, spendPublic: EdPoint.BASE.multiply(777n).toBytes() };
    const t1 = performance.now();
    for (let r = 0; r < rounds; r++) for (const tx of txs) scan(tx, stranger);
    const secMiss = (performance.now() - t1) / 1000;
    console.log(
      `monero-output-scan: ${Math.round((rounds * outputs) / sec)} outputs/s with owned outputs (${Math.round((rounds * txs.length) / sec)} tx/s), ${Math.round((rounds * outputs) / secMiss)} outputs/s when none is ours (${Math.round((rounds * txs.length) / secMiss)} tx/s)`,
    );
    expect(found).toBe(rounds * regtest.txs.reduce((n, t) => n + t.owned.receiver.length, 0));
  });
});

describe('the transaction bytes bind amounts and commitments to the txid (parseMoneroTxBlob)', () => {
  const H = EdPoint.fromBytes(fromHex('8b655970153799af2aeadc9ff1add0ea6c7251d54154cfa92c173a0dd39c1f94'));
  const fromBlob = (txid: string, hex: string): ParsedMoneroTx => {
    const p = parseMoneroTxBlob(txid, hex);
    if (!p.ok) throw new Error(p.error.message);
    return p.value;
  };

  const fromBlob2 = (txid: string, hex: string, prunableHash: string): ParsedMoneroTx => {
    const p = parseMoneroTxBlob(txid, hex, prunableHash);
    if (!p.ok) throw new Error(p.error.message);
    return p.value;
  };

  it.each(regtest.txs.map((t) => [t.what, t] as const))('%s: the bytes hash to the txid and read as the JSON does', (_what, t) => {
    const b = fromBlob(t.txid, t.asHex);
    expect(b).toEqual(parse(t.txid, t.asJson));
    for (const k of KEYSETS) expect(scan(b, keysOf(k)), k).toEqual(t.owned[k]);
  });

  it('a consistent forgery (amount bit flipped, commitment moved by the same 2^k·H) passes the JSON half the time, never the bytes', () => {
    const t = regtest.txs[0]!;
    const o = t.owned.receiver[0]!;
    const amount = BigInt(o.amount);
    const k = 40; // 2^40 piconero ≈ 1.1 XMR
    const delta = amount & (1n << BigInt(k)) ? -(1n << BigInt(k)) : 1n << BigInt(k); // the sign a lucky forger guessed
    const forgedJson = edited(t.asJson, (j) => {
      const e = fromHex(j.rct_signatures.ecdhInfo[o.index]!.amount);
      e[k >> 3]! ^= 1 << (k & 7);
      j.rct_signatures.ecdhInfo[o.index]!.amount = toHex(e);
      const C = EdPoint.fromBytes(fromHex(j.rct_signatures.outPk[o.index]!));
      j.rct_signatures.outPk[o.index] = toHex((delta > 0n ? C.add(H.multiply(delta)) : C.subtract(H.multiply(-delta))).toBytes());
    });
    // Why the bytes matter: from the JSON alone the forged amount opens the forged commitment.
    expect(scan(parse(t.txid, forgedJson), keysOf('receiver'))).toEqual([{ index: o.index, amount: String(amount + delta) }]);
    // The same edit in the bytes no longer hashes to the txid.
    const parsed = fromBlob(t.txid, t.asHex);
    const blob = fromHex(t.asHex);
    const find = (needle: Uint8Array) => {
      outer: for (let i = 0; i + needle.length <= blob.length; i++) {
        for (let j = 0; j < needle.length; j++) if (blob[i + j] !== needle[j]) continue outer;
        return i;
      }
      return -1;
    };
    const at = find(parsed.outputs[o.index]!.encryptedAmount!);
    expect(at).toBeGreaterThan(0);
    blob[at + (k >> 3)]! ^= 1 << (k & 7);
    expect(parseMoneroTxBlob(t.txid, toHex(blob))).toMatchObject({ ok: false, error: { kind: 'monero-tx-txid-mismatch' } });
  });

  it('a pruned blob (prefix + RingCT base) checks against the node\'s prunable hash; a wrong one is refused', () => {
    for (const t of rctTxs) {
      const full = fromHex(t.asHex);
      const tx = fromBlob(t.txid, t.asHex);
      const n = tx.outputs.length;
      // the base ends right after the last commitment
      const lastC = tx.outputs[n - 1]!.commitment!;
      let end = -1;
      for (let i = full.length - 32; i >= 0 && end < 0; i--) if (full.subarray(i, i + 32).every((x, j) => x === lastC[j])) end = i + 32;
      expect(end).toBeGreaterThan(0);
      const pruned = toHex(full.subarray(0, end));
      const prunableHash = toHex(keccak256(full.subarray(end)));
      expect(fromBlob2(t.txid, pruned, prunableHash)).toEqual(tx);
      expect(parseMoneroTxBlob(t.txid, pruned)).toMatchObject({ ok: false, error: { kind: 'monero-tx-txid-mismatch' } });
      expect(parseMoneroTxBlob(t.txid, pruned, '00'.repeat(32))).toMatchObject({ ok: false, error: { kind: 'monero-tx-txid-mismatch' } });
    }
  });

  it('any changed byte, or another txid, is refused; malformed bytes are a typed error', () => {
    for (const t of regtest.txs) {
      const blob = fromHex(t.asHex);
      for (const i of [0, 5, Math.floor(blob.length / 2), blob.length - 1]) {
        const b = blob.slice();
        b[i]! ^= 0x01;
        const r = parseMoneroTxBlob(t.txid, toHex(b));
        expect(r.ok, `${t.what} byte ${i}`).toBe(false);
      }
      expect(parseMoneroTxBlob(regtest.txs[(regtest.txs.indexOf(t) + 1) % regtest.txs.length]!.txid, t.asHex)).toMatchObject({ ok: false, error: { kind: 'monero-tx-txid-mismatch' } });
    }
    const t = regtest.txs[0]!;
    for (const bad of ['', 'zz', t.asHex.slice(0, 101), t.asHex.slice(0, 200), '0201']) {
      expect(parseMoneroTxBlob(t.txid, bad), bad.slice(0, 20)).toMatchObject({ ok: false, error: { kind: 'monero-tx-malformed' } });
    }
    expect(parseMoneroTxBlob('abc', t.asHex)).toMatchObject({ ok: false, error: { kind: 'monero-tx-malformed' } });
  });

  it('parses and checks fast (figure printed, not asserted)', () => {
    const rounds = 20;
    const t0 = performance.now();
    for (let r = 0; r < rounds; r++) for (const t of regtest.txs) fromBlob(t.txid, t.asHex);
    const blobSec = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    for (let r = 0; r < rounds; r++) for (const t of regtest.txs) parse(t.txid, t.asJson);
    const jsonSec = (performance.now() - t1) / 1000;
    console.log(`monero-output-scan: parseMoneroTxBlob ${Math.round((rounds * regtest.txs.length) / blobSec)} tx/s (txid checked), parseMoneroTxJson ${Math.round((rounds * regtest.txs.length) / jsonSec)} tx/s`);
    expect(blobSec).toBeGreaterThan(0);
  });
});

describe('scan properties (synthetic outputs built with the sender-side formulas)', () => {
  const H = EdPoint.fromBytes(fromHex('8b655970153799af2aeadc9ff1add0ea6c7251d54154cfa92c173a0dd39c1f94'));
  const scalar = fc.bigInt({ min: 1n, max: ED_L - 1n });
  const le8 = (v: bigint): Uint8Array => Uint8Array.from({ length: 8 }, (_, i) => Number((v >> BigInt(8 * i)) & 0xffn));
  /** One tx of `n` outputs from tx key r: output `mine` pays (b·G, a), the others pay strangers. */
  const build = (r: bigint, a: bigint, b: bigint, amounts: bigint[], mine: number, viewTags: boolean): ParsedMoneroTx => {
    const R = EdPoint.BASE.multiply(r).toBytes();
    const outputs = amounts.map((amount, index) => {
      const [va, sb] = index === mine ? [a, b] : [modL(a + 7n * BigInt(index + 1)) || 1n, modL(b + 11n)];
      const d = keyDerivation(EdPoint.BASE.multiply(va).toBytes(), r)!; // 8·r·A == 8·a·R
      const shared = derivationToScalar(d, index);
      const encrypted = le8(amount ^ scalarFromBytesLE(Uint8Array.from([...keccak256(new Uint8Array([...new TextEncoder().encode('amount'), ...scalarToBytesLE(shared)])).slice(0, 8), ...new Uint8Array(24)])));
      const mask = modL(scalarFromBytesLE(keccak256(new Uint8Array([...new TextEncoder().encode('commitment_mask'), ...scalarToBytesLE(shared)]))));
      return {
        index,
        key: derivePublicKey(d, index, EdPoint.BASE.multiply(sb).toBytes())!,
        viewTag: viewTags ? deriveViewTag(d, index) : null,
        amountClear: null,
        encryptedAmount: encrypted,
        commitment: EdPoint.BASE.multiply(mask).add(amount === 0n ? EdPoint.ZERO : H.multiply(amount)).toBytes(),
      };
    });
    return { txid: 'synthetic', unlockTime: 0n, txPublicKeys: [R], additionalPublicKeys: [], outputs, rctType: 6 };
  };

  it('finds exactly the output paid to the keys, with its amount; a flipped amount bit or a wrong key finds nothing', () => {
    fc.assert(
      fc.property(scalar, scalar, scalar, fc.array(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), { minLength: 1, maxLength: 4 }), fc.nat(), fc.boolean(), fc.nat({ max: 63 }), (r, a, b, amounts, pick, viewTags, bit) => {
        const mine = pick % amounts.length;
        const tx = build(r, a, b, amounts, mine, viewTags);
        const keys = { viewSecret: scalarToBytesLE(a), spendPublic: EdPoint.BASE.multiply(b).toBytes() };
        expect(scanOwnedOutputs(tx, keys)).toEqual({ ok: true, value: [{ index: mine, amount: amounts[mine] }] });
        const flipped = tx.outputs.map((o) => (o.index === mine ? { ...o, encryptedAmount: o.encryptedAmount!.map((x, i) => (i === bit >> 3 ? x ^ (1 << (bit & 7)) : x)) } : o));
        expect(scanOwnedOutputs({ ...tx, outputs: flipped }, keys)).toEqual({ ok: true, value: [] });
        expect(scanOwnedOutputs(tx, { ...keys, viewSecret: scalarToBytesLE(modL(a + 1n) || 1n) })).toEqual({ ok: true, value: [] });
      }),
      { numRuns: 15 },
    );
  });
});
