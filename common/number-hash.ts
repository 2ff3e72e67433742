// A hash of a whole number of up to 53 bits into 32, for open-addressing tables keyed by numbers
// (pipeline/import location-stage.ts FirstRows and cell-centres.ts, number-index.ts): both halves
// mixed, so the low bits spread.

export function hashNumber(key: number): number {
  const high = Math.floor(key / 4294967296);
  const h = Math.imul((key >>> 0) ^ Math.imul(high, 0x85ebca6b), 0x9e3779b1);
  return h ^ (h >>> 15);
}
