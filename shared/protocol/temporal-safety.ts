// The timelock rules every swap must satisfy before it starts (node `TemporalSafety::valid_params`,
// plus a non-empty safe buy window): one table, applied to offers and to deals alike.
// Guards: no swap starts with timelocks that leave a race window open.

export interface TemporalParams {
  /** BTC finality (confirmations). */
  readonly finality: number;
  /** Race margin in blocks. */
  readonly safety: number;
  readonly cancel: number;
  readonly punish: number;
}

/** The first rule broken, in words that name it and the numbers; null when all hold. */
export function temporalSafetyProblem(p: TemporalParams): string | null {
  const { finality, safety, cancel, punish } = p;
  const rules: ReadonlyArray<readonly [boolean, string]> = [
    [finality < cancel, `cancel timelock ${cancel} must exceed BTC finality ${finality} (finality < cancel)`],
    [cancel < punish, `punish timelock ${punish} must exceed cancel timelock ${cancel} (cancel < punish)`],
    [finality < safety, `safety margin ${safety} must exceed BTC finality ${finality} (finality < safety)`],
    [safety < cancel, `cancel timelock ${cancel} must exceed safety margin ${safety} (safety < cancel)`],
    [safety < punish, `punish timelock ${punish} must exceed safety margin ${safety} (safety < punish)`],
    // Alice may buy while lock confirmations are in finality..cancel-safety: that range must exist.
    [finality <= cancel - safety, `no safe buy window: BTC finality ${finality} must be <= cancel ${cancel} - safety ${safety}`],
  ];
  for (const [holds, message] of rules) if (!holds) return message;
  return null;
}
