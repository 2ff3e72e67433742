// A tile render for pyramid-walk tests: non-empty on a hash of z/x/y for about `share` of the tiles,
// unrelated to their parents (so children of empty tiles are sometimes non-empty).
export function patterned(share: number) {
  return (z: number, x: number, y: number): Uint8Array | null => {
    const h = Math.imul((z * 73856093) ^ (x * 19349663) ^ (y * 83492791), 2654435761) >>> 0;
    return h / 2 ** 32 < share ? new Uint8Array([z, x & 255, y & 255]) : null;
  };
}
