// The check that the person wrote the seed down: the words they pick at a few positions must be the
// seed's words there. Guards: a wrong pick is named by its position, never by the right word (the
// screen must not teach the words to someone who did not write them down); whitespace and case are forgiven.
import { appError, err, ok, type AppError, type Result } from '../result';
import { SEED_WORDS } from './seed-mnemonic';

/** The fewest positions a check asks for. */
export const SEED_CHECK_PICKS = 3;

export interface SeedPick {
  /** 1-based, as the person numbers their written copy. */
  readonly position: number;
  readonly word: string;
}

export type SeedCheckError = AppError<'seed-check-too-few' | 'seed-check-mismatch'>;

/** ok when every pick is the seed's word at its position (at least SEED_CHECK_PICKS different positions). */
export function checkSeedPicks(words: readonly string[], picks: readonly SeedPick[]): Result<void, SeedCheckError> {
  if (words.length !== SEED_WORDS) throw new Error(`bug: a seed has ${SEED_WORDS} words, got ${words.length}`);
  const positions = new Set(picks.map((p) => p.position));
  if (positions.size < SEED_CHECK_PICKS || positions.size !== picks.length || picks.some((p) => !Number.isInteger(p.position) || p.position < 1 || p.position > SEED_WORDS)) {
    return err(appError('seed-check-too-few', `Pick the words at ${SEED_CHECK_PICKS} different positions between 1 and ${SEED_WORDS}.`));
  }
  const wrong = picks.filter((p) => p.word.trim().toLowerCase() !== words[p.position - 1]).map((p) => p.position);
  if (wrong.length > 0) {
    const which = wrong.length === 1 ? `Word ${wrong[0]} is` : `Words ${wrong.join(', ')} are`;
    return err(appError('seed-check-mismatch', `${which} not what your seed has there. Look at your written copy again; if it is wrong, show the words again and write them down anew.`));
  }
  return ok(undefined);
}

/** `count` different positions (1-based, ascending) for a check, from a random source of 0 <= r < 1. */
export function pickPositions(random: () => number, count = SEED_CHECK_PICKS): number[] {
  const left = Array.from({ length: SEED_WORDS }, (_, i) => i + 1);
  const out: number[] = [];
  while (out.length < count) out.push(left.splice(Math.floor(random() * left.length), 1)[0]!);
  return out.sort((a, b) => a - b);
}
