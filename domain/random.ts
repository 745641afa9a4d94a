/** domain/ code takes its randomness from a seeded generator; it lives in lib/ so the venue simulator shares it without domain/. */
export { seededRandom, type Random } from '../lib/seeded-random';
