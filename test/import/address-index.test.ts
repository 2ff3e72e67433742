// AddressIndex finds the row of every address_id added, whether sized ahead (addressIndexCapacity) or
// grown as addresses came; the oracle is a Map of the same ids.
import { describe, expect, it } from 'vitest';
import { AddressIndex, addressIndexCapacity, hashId } from '../../pipeline/import/address-index.ts';

describe('AddressIndex', () => {
  it('sizes ahead to a power of two that holds the addresses at most 3/4 full', () => {
    expect(addressIndexCapacity(0)).toBe(1 << 16);
    expect(addressIndexCapacity(49_152)).toBe(1 << 16);
    expect(addressIndexCapacity(49_153)).toBe(1 << 17);
    expect(addressIndexCapacity(4_117_130)).toBe(1 << 23);
  });

  it('finds every address added and no other, sized ahead or grown', () => {
    const ids = Array.from({ length: 200_000 }, (_, i) => `0363${String(i * 7919).padStart(12, '0')}`);
    for (const capacity of [addressIndexCapacity(ids.length), 1 << 16]) {
      const first = 1_000_000;
      const index = new AddressIndex(first, capacity);
      const oracle = new Map<string, number>();
      const rowOf = new Map<number, string>();
      ids.forEach((id, i) => {
        index.add(hashId(id), first + i);
        oracle.set(id, first + i);
        rowOf.set(first + i, id);
      });
      expect(index.size).toBe(ids.length);
      for (const id of ids) expect(index.find(hashId(id), (row) => rowOf.get(row) === id)).toBe(oracle.get(id));
      for (const id of ['x', '0363000000000001', '']) expect(index.find(hashId(id), (row) => rowOf.get(row) === id)).toBe(-1);
    }
  });
});
