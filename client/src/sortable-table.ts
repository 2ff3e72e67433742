// A table sortable by any column (a header button toggles the order, aria-sort says which), the
// building block of the province's municipalities and the on-track table. Rows without a value in the
// sorted column (null) go last in either direction.
import { type Child, h, replace } from './dom.ts';
import { lang } from './i18n.ts';

export interface Column<T> {
  key: string;
  label: string;
  numeric?: boolean;
  /** The value the column sorts by; null sorts last. */
  value: (row: T) => number | string | null;
  cell: (row: T) => Child | Child[];
}

export interface Sort {
  key: string;
  ascending: boolean;
}

function compare<T>(column: Column<T>, ascending: boolean, tiebreak: (row: T) => string): (a: T, b: T) => number {
  const sign = ascending ? 1 : -1;
  return (a, b) => {
    const x = column.value(a);
    const y = column.value(b);
    const byName = tiebreak(a).localeCompare(tiebreak(b), lang());
    if (x === null || y === null) return (x === null ? 1 : 0) - (y === null ? 1 : 0) || byName;
    const order = typeof x === 'string' ? x.localeCompare(String(y), lang()) : x - (y as number);
    return sign * order || byName;
  };
}

/** The table, drawn sorted by `sort` (or by `initialOrder` until a header is chosen). */
export function sortableTable<T>(options: {
  id: string;
  caption: string;
  columns: Column<T>[];
  rows: T[];
  /** Ties and nulls fall back to this text (the name). */
  tiebreak: (row: T) => string;
  sort?: Sort;
  /** Order before any header is chosen, when it is not one column's (e.g. status, then year). */
  initialOrder?: (a: T, b: T) => number;
  rowAttrs?: (row: T) => Record<string, string | null>;
}): HTMLTableElement {
  const { id, caption, columns, rows, tiebreak } = options;
  let sort: Sort | null = options.sort ?? null;
  const table = h('table', { id, class: 'area-table' });

  const header = () =>
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...columns.map((c) => {
          const active = sort?.key === c.key;
          const button = h(
            'button',
            { type: 'button', class: 'sort', 'data-sort': c.key },
            c.label,
            h('span', { 'aria-hidden': 'true' }, active ? (sort?.ascending ? ' ▲' : ' ▼') : ''),
          );
          button.addEventListener('click', () => {
            sort = { key: c.key, ascending: active ? !sort?.ascending : true };
            draw();
          });
          return h(
            'th',
            { scope: 'col', class: c.numeric ? 'num' : '', 'aria-sort': active ? (sort?.ascending ? 'ascending' : 'descending') : null },
            button,
          );
        }),
      ),
    );

  const draw = () => {
    const column = columns.find((c) => c.key === sort?.key);
    const sorted = [...rows].sort(column && sort ? compare(column, sort.ascending, tiebreak) : options.initialOrder);
    const body = sorted.map((row) =>
      h(
        'tr',
        options.rowAttrs?.(row) ?? {},
        ...columns.map((c, i) => {
          const content = c.cell(row);
          const cells = Array.isArray(content) ? content : [content];
          return i === 0 ? h('th', { scope: 'row' }, ...cells) : h('td', { class: c.numeric ? 'num' : '' }, ...cells);
        }),
      ),
    );
    replace(table, h('caption', { class: 'visually-hidden' }, caption), header(), h('tbody', {}, ...body));
  };
  draw();
  return table;
}
