// A cluster's address list in its map popup: opened on demand, a page at a time (the API's cursor;
// previous pages remembered), with the cluster's address exports as CSV and GeoJSON.
import { api, apiPath } from './api.ts';
import type { ClusterAddressCollection } from '../../common/api.ts';
import { h, replace } from './dom.ts';
import { formatInt, formatTechnology, t } from './i18n.ts';

export const ADDRESSES_PER_PAGE = 10;

type AddressProps = ClusterAddressCollection['features'][number]['properties'];

function addressText(a: AddressProps): string {
  const number = `${a.house_number ?? ''}${a.house_letter ?? ''}${a.house_number_suffix ? `-${a.house_number_suffix}` : ''}`;
  const line = [[a.street, number].filter(Boolean).join(' '), [a.postcode, a.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return line || a.address_id;
}

export function clusterAddresses(id: number, count: number): HTMLElement {
  const open = h(
    'button',
    { type: 'button', class: 'link cluster-addresses-open', 'aria-expanded': 'false' },
    t('clusterAddresses', { count: formatInt(count) }),
  );
  const body = h('div', { class: 'cluster-addresses', hidden: true });
  const downloads = h(
    'p',
    { class: 'downloads inline' },
    t('clusterExports'),
    ' ',
    h('a', { href: apiPath(`/api/v1/clusters/${id}/addresses.csv`), download: '' }, t('exportCsv')),
    ' ',
    h('a', { href: apiPath(`/api/v1/clusters/${id}/addresses.geojson`), download: '' }, t('exportGeojson')),
  );
  // cursors[k] is the cursor of page k (null for the first).
  const cursors: (string | null)[] = [null];
  let page = 0;

  function show(): void {
    replace(body, h('p', {}, t('loading')));
    api
      .clusterAddresses(id, ADDRESSES_PER_PAGE, cursors[page])
      .then((res) => {
        cursors[page + 1] = res.next_cursor ?? null;
        const previous = h('button', { type: 'button', class: 'previous', disabled: page === 0 }, t('previousPage'));
        const next = h('button', { type: 'button', class: 'next', disabled: !res.next_cursor }, t('nextPage'));
        previous.addEventListener('click', () => {
          page--;
          show();
        });
        next.addEventListener('click', () => {
          page++;
          show();
        });
        const from = page * ADDRESSES_PER_PAGE + 1;
        replace(
          body,
          h(
            'ol',
            { start: from, 'aria-label': t('clusterAddressesTitle', { id: String(id) }) },
            ...res.features.map((f) =>
              h(
                'li',
                {},
                addressText(f.properties),
                h('span', { class: 'caption' }, ` · ${formatTechnology(f.properties.best_technology)}`),
              ),
            ),
          ),
          res.total > ADDRESSES_PER_PAGE
            ? h(
                'nav',
                { class: 'pager', 'aria-label': t('clusterAddressesTitle', { id: String(id) }) },
                previous,
                h(
                  'span',
                  { class: 'range', 'aria-live': 'polite' },
                  t('pageRange', {
                    from: formatInt(from),
                    to: formatInt(from + res.features.length - 1),
                    total: formatInt(res.total),
                  }),
                ),
                next,
              )
            : null,
        );
      })
      .catch((err: Error) => replace(body, h('p', { class: 'error' }, t('loadFailed', { what: String(id), message: err.message }))));
  }

  open.addEventListener('click', () => {
    const expand = body.hidden;
    body.hidden = !expand;
    open.setAttribute('aria-expanded', String(expand));
    if (expand && body.childElementCount === 0) show();
  });
  return h('div', {}, open, body, downloads);
}
