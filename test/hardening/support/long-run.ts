// How much longer `npm run test:long` runs the fuzzers: their run counts and time limits are
// multiplied by FUZZ_SCALE (1 in the normal suite; the *.long.test.ts wrappers set it).
export const FUZZ_SCALE = Math.max(1, Number(process.env.FUZZ_SCALE ?? 1) || 1);

/** A run count, scaled. */
export const runs = (base: number): number => Math.round(base * FUZZ_SCALE);

/** A time limit for scaled runs. */
export const scaledTimeout = (baseMs: number): number => baseMs * FUZZ_SCALE;
