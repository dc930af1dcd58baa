// Fees in satoshis as the review shows them: exact, grouped, with the unit ("1,234 sats").
export const formatSats = (sats: string | bigint): string => {
  const n = BigInt(sats);
  return `${n.toLocaleString('en-US')} sat${n === 1n ? '' : 's'}`;
};
