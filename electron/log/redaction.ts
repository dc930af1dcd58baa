// The fields the wallet log never shows: pino's own `redact` option replaces their values with
// `[redacted]` before a line is serialised. Each name is redacted at the top of a record and one or two
// objects down (`seed`, `*.seed`, `*.*.seed`), arrays included. Code that logs puts secrets and
// addresses in fields; free text (`msg`) passes `scrubAddresses` too, for the lines that are text only
// (the sandbox's output, the wallet's notes), which masks Bitcoin/Litecoin bech32 and Monero addresses.

/** Key material and credentials. */
export const SECRET_FIELDS = [
  'seed',
  'seedHex',
  'secretSeed',
  'masterSeed',
  'identitySeed',
  'mnemonic',
  'secret',
  'secrets',
  'secretKey',
  'spendSecret',
  'adaptorSecret',
  'privateKey',
  'spendKey',
  'xmrSpendKey',
  'viewKey',
  'encryptionKey',
  'decryptionKey',
  'password',
  'rpcPassword',
  'token',
  'authorization',
  'cookie',
  // Old settings kept the Bitcoin node's URL with its user and password in it.
  'bitcoinRpcUrl',
  // The node lists hold logins deeper than `*.*.password` reaches: whole lists and logins go.
  'bitcoinNodes',
  'moneroNodes',
  'fallbacks',
  'daemonLogin',
  'login',
  'auth',
] as const;

/** Where the person's coins go or come from, and where the counterparty listens. */
export const ADDRESS_FIELDS = [
  'address',
  'addresses',
  'btcAddress',
  'xmrAddress',
  'xmrDestination',
  'subaddress',
  'payoutAddress',
  'refundAddress',
  'bobRefundAddress',
  'aliceAddress',
  'makerAddress',
  'minerAddress',
  'newAddress',
] as const;

export const REDACTED = '[redacted]';

export const REDACT_PATHS: readonly string[] = [...SECRET_FIELDS, ...ADDRESS_FIELDS].flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

/** bech32 (segwit) addresses of the networks the wallet speaks, and Monero's standard/integrated ones. */
const ADDRESS_TEXT = [/\b(?:bc|tb|bcrt|ltc|tltc|rltc)1[02-9ac-hj-np-z]{6,87}\b/gi, /\b[4-9AB][1-9A-HJ-NP-Za-km-z]{94}(?:[1-9A-HJ-NP-Za-km-z]{11})?\b/g];
export const ADDRESS_MASK = '[address]';

export const scrubAddresses = (text: string): string => ADDRESS_TEXT.reduce((t, re) => t.replace(re, ADDRESS_MASK), text);
