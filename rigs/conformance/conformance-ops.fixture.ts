// The public vector files (vectors/*.json) turned into conformance requests and answer checks, so the
// op table (unit test) and the spawned CLI (itest) are held to the very same cases.
// Invariant: every vector in every file becomes at least one request; expected answers come from the
// files, never from our primitives (a check may only compare two answers of the door with each other).
import adaptorDoc from '../../shared/crypto/vectors/ecdsa-adaptor.dlcspecs.json';
import bip143 from '../../shared/crypto/vectors/bip143.json';
import bip173 from '../../shared/crypto/vectors/bip173.json';
import bip350 from '../../shared/crypto/vectors/bip350.json';
import monero from '../../shared/crypto/vectors/monero.json';
import type { ConformanceResponse } from './conformance-ops';

type Result = Record<string, unknown>;
type Answers = ReadonlyMap<string, ConformanceResponse>;

export interface VectorCase {
  /** Which vector set (and list) the case comes from; counts are reported per set. */
  readonly set: string;
  readonly request: { readonly id: string; readonly op: string } & Result;
  /** Why the answer is wrong, or undefined when it is right; `answers` holds every answer by id. */
  readonly check: (r: ConformanceResponse, answers: Answers) => string | undefined;
}

const show = (v: unknown): string => JSON.stringify(v);

function sameFlat(got: Result, want: Result): boolean {
  const keys = new Set([...Object.keys(got), ...Object.keys(want)]);
  for (const k of keys) if (got[k] !== want[k]) return false;
  return true;
}

/** The answer must be ok with exactly this result. */
const wants = (want: Result) => (r: ConformanceResponse) =>
  r.ok && sameFlat(r.result, want) ? undefined : `expected result ${show(want)}, got ${show(r)}`;

/** The answer must be ok and its result must contain these fields with these values. */
const wantsFields = (want: Result) => (r: ConformanceResponse) =>
  r.ok && Object.entries(want).every(([k, v]) => r.result[k] === v) ? undefined : `expected result with ${show(want)}, got ${show(r)}`;

/** The answer must be the `invalid` error (well-formed input refused by the primitive). */
const wantsInvalid = (r: ConformanceResponse) =>
  !r.ok && r.error.code === 'invalid' ? undefined : `expected error code invalid, got ${show(r)}`;

function okResult(r: ConformanceResponse | undefined): Result | undefined {
  return r?.ok ? r.result : undefined;
}

class CaseList {
  readonly cases: VectorCase[] = [];
  private n = 0;
  add(set: string, op: string, params: Result, check: VectorCase['check']): string {
    const id = `${set}#${this.n++}`;
    this.cases.push({ set, request: { id, op, ...params }, check });
    return id;
  }
}

interface AdaptorVector {
  kind: string;
  adaptor_sig: string;
  message_hash?: string;
  public_signing_key?: string;
  encryption_key?: string;
  decryption_key?: string | null;
  signature?: string;
  error?: string | null;
}

function dlcspecs(l: CaseList): void {
  const set = 'dlcspecs ecdsa_adaptor.json';
  // dlcspecs "Specification tests": verification = verify, decrypt, recover; recovery = recover;
  // serialization = parse, and a parsed signature serializes back to the same bytes.
  for (const v of adaptorDoc.vectors as AdaptorVector[]) {
    if (v.kind === 'verification') {
      const base = { encryptionKey: v.encryption_key, adaptorSignature: v.adaptor_sig };
      l.add(set, 'adaptor.verify', { ...base, publicKey: v.public_signing_key, message: v.message_hash }, wants({ valid: !v.error }));
      if (v.error) continue;
      l.add(set, 'adaptor.decrypt', { adaptorSignature: v.adaptor_sig, decryptionKey: v.decryption_key }, wants({ signature: v.signature }));
      l.add(set, 'adaptor.recover', { ...base, signature: v.signature }, wants({ decryptionKey: v.decryption_key }));
    } else if (v.kind === 'recovery') {
      const params = { adaptorSignature: v.adaptor_sig, signature: v.signature, encryptionKey: v.encryption_key };
      l.add(set, 'adaptor.recover', params, v.error ? wantsInvalid : wants({ decryptionKey: v.decryption_key }));
    } else {
      l.add(set, 'adaptor.parse', { adaptorSignature: v.adaptor_sig }, (r) => {
        if (v.error) return wantsInvalid(r);
        if (!r.ok) return `expected a parse, got ${show(r)}`;
        const { R, Ra, sa, proof } = r.result as Record<string, string>;
        return `${R}${Ra}${sa}${proof}` === v.adaptor_sig ? undefined : `re-serialization differs: ${show(r.result)}`;
      });
    }
  }
}

function bip143Cases(l: CaseList): void {
  for (const c of bip143.vectors) {
    const { tx, inputIndex, scriptCode, amount, hashType } = c;
    l.add('BIP143 examples', 'btc.sighashSegwitV0', { tx, inputIndex, scriptCode, amount, hashType }, wants({ sighash: c.sighash }));
  }
}

// The HRP of a bech32 string is everything before its last '1', compared in lowercase.
const hrpOf = (s: string): string => s.slice(0, s.lastIndexOf('1')).toLowerCase();

/** scriptPubKey `OP_n <program>` -> witness version and program (BIP141). */
function segwitScript(script: string): { version: number; program: string } {
  const op = parseInt(script.slice(0, 2), 16);
  return { version: op === 0 ? 0 : op - 0x50, program: script.slice(4) };
}

function bech32Strings(l: CaseList, set: string, valid: readonly string[], invalid: readonly string[], encoding: string): void {
  for (const s of valid) l.add(`${set} valid strings`, 'bech32.decode', { text: s }, wants({ hrp: hrpOf(s), encoding }));
  for (const s of invalid) l.add(`${set} invalid strings`, 'bech32.decode', { text: s }, wantsInvalid);
}

function segwitAddresses(l: CaseList, set: string, valid: readonly (readonly string[])[], invalid: readonly string[]): void {
  for (const [address, script] of valid) {
    const hrp = hrpOf(address!);
    const { version, program } = segwitScript(script!);
    // BIP350: a v1+ program in a Bech32 (not Bech32m) string is no longer a valid address.
    const superseded = set === 'BIP173' && version !== 0;
    l.add(`${set} valid addresses`, 'btc.decodeSegwitAddress', { address, hrp }, superseded ? wantsInvalid : wants({ version, program }));
    if (!superseded) l.add(`${set} valid addresses`, 'btc.encodeSegwitAddress', { hrp, version, program }, wants({ address: address!.toLowerCase() }));
  }
  // The BIP lists say "invalid" without naming the network: refused for both bc and tb.
  for (const address of invalid) for (const hrp of ['bc', 'tb']) l.add(`${set} invalid addresses`, 'btc.decodeSegwitAddress', { address, hrp }, wantsInvalid);
}

function bips(l: CaseList): void {
  bech32Strings(l, 'BIP173', bip173.validBech32, bip173.invalidBech32.map(([s]) => s!), 'bech32');
  segwitAddresses(l, 'BIP173', bip173.validAddresses, bip173.invalidAddresses.map(([s]) => s!));
  bech32Strings(l, 'BIP350', bip350.validBech32m, bip350.invalidBech32m, 'bech32m');
  segwitAddresses(l, 'BIP350', bip350.validAddresses, bip350.invalidAddresses);
}

/** CryptoNote varint (LEB128) of a decimal tag, as hex: the first bytes of a tagged base58 address. */
function varintHex(tag: string): string {
  let n = BigInt(tag);
  let out = '';
  while (n >= 0x80n) {
    out += (Number(n & 0x7fn) | 0x80).toString(16).padStart(2, '0');
    n >>= 7n;
  }
  return out + Number(n).toString(16).padStart(2, '0');
}

function moneroBase58(l: CaseList): void {
  const set = 'Monero base58.cpp';
  for (const [data, text] of [...monero.base58Encode, ...monero.base58EncodeBlock]) l.add(set, 'monero.base58Encode', { data }, wants({ text }));
  for (const [text, data] of [...monero.base58DecodeValid, ...monero.base58DecodeBlockValid]) l.add(set, 'monero.base58Decode', { text }, wants({ data }));
  for (const text of [...monero.base58DecodeInvalid, ...monero.base58DecodeBlockInvalid]) l.add(set, 'monero.base58Decode', { text }, wantsInvalid);
  // encode_addr(tag, data) = base58(varint(tag) || data || keccak256(varint(tag) || data)[0..4]).
  for (const a of monero.base58Addr) {
    const body = varintHex(a.tag) + a.data;
    const hashId = l.add(set, 'keccak256', { data: body }, (r) => (r.ok ? undefined : `keccak256 refused: ${show(r)}`));
    l.add(set, 'monero.base58Decode', { text: a.text }, (r, answers) => {
      const hash = okResult(answers.get(hashId))?.hash as string | undefined;
      return wants({ data: body + (hash ?? '?').slice(0, 8) })(r);
    });
  }
  for (const [text] of monero.base58AddrInvalid) l.add(set, 'monero.decodeAddress', { address: text }, wantsInvalid);
}

function moneroAddresses(l: CaseList): void {
  const set = 'Monero addresses';
  const k = monero.serializedKeysAddress;
  l.add(set, 'monero.encodeAddress', { network: k.network, publicSpend: k.publicSpend, publicView: k.publicView }, wants({ address: k.address }));
  l.add(set, 'monero.decodeAddress', { address: k.address }, wants({ network: k.network, kind: 'standard', publicSpend: k.publicSpend, publicView: k.publicView }));
  const w = monero.wallet;
  l.add(set, 'monero.viewFromSpend', { spend: w.spend }, wants({ view: w.view }));
  l.add(set, 'monero.publicKey', { secret: w.spend }, wants({ public: w.publicSpend }));
  l.add(set, 'monero.publicKey', { secret: w.view }, wants({ public: w.publicView }));
  l.add(set, 'monero.encodeAddress', { network: 'mainnet', publicSpend: w.publicSpend, publicView: w.publicView }, wants({ address: w.address }));
  for (const [network, kind, address] of monero.validAddresses) l.add(set, 'monero.decodeAddress', { address }, wantsFields({ network, kind }));
  for (const address of monero.invalidAddresses) l.add(set, 'monero.decodeAddress', { address }, wantsInvalid);
  for (const [address] of monero.addressFromStrInvalid) l.add(set, 'monero.decodeAddress', { address }, wantsInvalid);
  for (const c of monero.integrated) {
    const stdId = l.add(set, 'monero.decodeAddress', { address: c.standard }, wantsFields({ network: 'mainnet', kind: 'standard' }));
    l.add(set, 'monero.decodeAddress', { address: c.integrated }, (r, answers) => {
      const std = okResult(answers.get(stdId));
      return wants({ network: 'mainnet', kind: 'integrated', publicSpend: std?.publicSpend, publicView: std?.publicView, paymentId: c.paymentId })(r);
    });
  }
}

/** Every vector of every file, as requests in file order. */
export function conformanceVectorCases(): VectorCase[] {
  const l = new CaseList();
  dlcspecs(l);
  bip143Cases(l);
  bips(l);
  moneroBase58(l);
  moneroAddresses(l);
  return l.cases;
}

/** Requests answered as expected per set when every vector passes (a vector may need several requests:
 *  a dlcspecs verification vector is verify + decrypt + recover). Fixed, so a shrinking list fails. */
export const EXPECTED_PASSED = {
  'dlcspecs ecdsa_adaptor.json': 15,
  'BIP143 examples': 14,
  'BIP173 valid strings': 7,
  'BIP173 invalid strings': 12,
  'BIP173 valid addresses': 9,
  'BIP173 invalid addresses': 20,
  'BIP350 valid strings': 7,
  'BIP350 invalid strings': 14,
  'BIP350 valid addresses': 16,
  'BIP350 invalid addresses': 30,
  'Monero base58.cpp': 223,
  'Monero addresses': 42,
} as const;

export interface VectorRun {
  /** Requests answered as expected, per set. */
  readonly passed: Readonly<Record<string, number>>;
  readonly failures: readonly string[];
}

/** Checks answers (in request order, as the door must give them) against the cases. */
export function checkVectorAnswers(cases: readonly VectorCase[], answers: readonly ConformanceResponse[]): VectorRun {
  const failures: string[] = [];
  if (answers.length !== cases.length) failures.push(`expected ${cases.length} answers, got ${answers.length}`);
  const byId = new Map<string, ConformanceResponse>();
  answers.forEach((a, i) => {
    if (a.id !== cases[i]?.request.id) failures.push(`answer ${i} has id ${show(a.id)}, expected ${show(cases[i]?.request.id)}`);
    if (typeof a.id === 'string') byId.set(a.id, a);
  });
  const passed: Record<string, number> = {};
  cases.forEach((c, i) => {
    const a = answers[i];
    const why = a ? c.check(a, byId) : 'no answer';
    if (why) failures.push(`${c.request.id} ${c.request.op}: ${why}`);
    else passed[c.set] = (passed[c.set] ?? 0) + 1;
  });
  return { passed, failures };
}
