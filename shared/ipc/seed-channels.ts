// The schemas of the seed channels (seed:*): whether the wallet seed is backed up, its 24 words for the
// person to write down, the check that they did (words picked at positions), and a restore from words.
// Kept beside channels.ts, which lists it in its table. Guards: the words are asked for only with
// `confirm: true`; a restore's text is bounded and answered with a typed error that names a position,
// never a word; the seed itself (bytes) never crosses a channel.
import { z } from 'zod';
import { SEED_WORDS } from '../crypto/seed-mnemonic';

const Fingerprint = z.string().regex(/^[0-9a-f]{8}$/);
const Word = z.string().regex(/^[a-z]{3,8}$/, 'a BIP39 English word in lower case');

export const SeedStatusSchema = z.object({
  /** The person confirmed the words of THIS seed (the mark's fingerprint is the seed's). */
  backedUp: z.boolean(),
  /** The seed's fingerprint (4 bytes of a hash: tells seeds apart, reveals nothing). */
  fingerprint: Fingerprint,
  /** The signer created this seed at this start: nobody can have written it down yet. */
  createdThisRun: z.boolean(),
  /** On this network no swap starts (take or make an offer) until the seed is backed up (every network but regtest). */
  required: z.boolean(),
  /** Swaps not finished in this wallet: a restore over another seed is refused while there are any. */
  unfinishedSwaps: z.number().int().min(0),
});
export type SeedStatus = z.infer<typeof SeedStatusSchema>;

/** A word the person picked at a position (1-based) of their written copy. */
export const SeedPickSchema = z.object({ position: z.number().int().min(1).max(SEED_WORDS), word: z.string().max(40) });
export type SeedPick = z.infer<typeof SeedPickSchema>;

export const SEED_CHANNELS = {
  'seed:status': { request: z.object({}).strict(), response: SeedStatusSchema },
  /** The 24 words: only when the person said nobody is watching (`confirm: true`). Never logged. */
  'seed:words': { request: z.object({ confirm: z.literal(true) }).strict(), response: z.object({ words: z.array(Word).length(SEED_WORDS) }) },
  /** The person's check: at least 3 different positions, each with the word they wrote there. */
  'seed:confirm-backup': {
    request: z
      .object({ picks: z.array(SeedPickSchema).min(3).max(SEED_WORDS) })
      .strict()
      .refine((r) => new Set(r.picks.map((p) => p.position)).size === r.picks.length, 'each position once'),
    response: SeedStatusSchema,
  },
  /** Store the seed of these words (whitespace and case forgiven); refused over another seed while swaps are unfinished. */
  'seed:restore': {
    request: z.object({ words: z.string().min(1).max(1000) }).strict(),
    response: z.object({ status: SeedStatusSchema, outcome: z.enum(['written', 'same', 'replaced']) }),
  },
} as const;
