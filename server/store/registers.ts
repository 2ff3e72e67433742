// Address registers: listing them (atlas registers) with what their loads counted.
import type { RegisterInfo } from '../../common/types.ts';
import type { DB } from './db.ts';

interface RegisterRow extends Omit<RegisterInfo, 'formats'> {
  formats: string;
}

export function createRegisterStore(db: DB) {
  const all = db.prepare<[], RegisterRow>(
    `SELECT label, as_of, formats, addresses, duplicates, snapped, disagreements, imported_at FROM registers ORDER BY id`,
  );
  return {
    /** All registers, in load order. */
    list(): RegisterInfo[] {
      return all.all().map((r) => ({ ...r, formats: JSON.parse(r.formats) as string[] }));
    },
  };
}
