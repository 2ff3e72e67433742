// Address search: postcode + house number -> fly there, mark it, and show its offers and verdict;
// a clear message when the text is not an address or nothing matches.
import { api, ApiRequestError } from './api.ts';
import type { Address } from '../../common/api.ts';
import { formatAddressQuery, parseAddressQuery } from '../../common/address-query.ts';
import { byId, h, replace } from './dom.ts';
import { t } from './i18n.ts';
import { addressCard } from './popups.ts';
import type { Store } from './store.ts';

export interface SearchTarget {
  show(address: Address): void;
}

export function mountAddressSearch(store: Store, target: SearchTarget): void {
  const form = byId<HTMLFormElement>('search-form');
  const input = byId<HTMLInputElement>('search-input');
  const result = byId('search-result');
  const message = (text: string) => replace(result, h('p', { class: 'error' }, text));

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const query = parseAddressQuery(input.value);
    if (!query) {
      message(t('searchInvalid'));
      return;
    }
    replace(result, h('p', {}, t('loading')));
    api
      .address(store.get(), query)
      .then((res) => {
        const found = res.addresses[0];
        if (!found) return message(t('searchNotFound', { query: formatAddressQuery(query) }));
        replace(result, addressCard(found));
        target.show(found);
      })
      .catch((err: unknown) => {
        if (err instanceof ApiRequestError && err.status === 404) message(t('searchNotFound', { query: formatAddressQuery(query) }));
        else message(t('loadFailed', { what: formatAddressQuery(query), message: (err as Error).message }));
      });
  });
}
