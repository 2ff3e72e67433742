// The one search box: a municipality, a place, or a postcode and house number, with suggestions
// as the person types (debounced, the stale answer dropped). Keyboard-operable as the ARIA 1.2
// combobox pattern: arrows move through the list, Enter picks, Escape closes (then clears).
import { api, ApiRequestError } from './api.ts';
import type { Address, Suggestion } from '../../common/api.ts';
import { formatAddressQuery, parseAddressQuery } from '../../common/address-query.ts';
import { byId, h, replace } from './dom.ts';
import { ADDRESS_LEVEL } from '../../common/constants.ts';
import { addressLevel, levelName, t } from './i18n.ts';
import { addressCard } from './popups.ts';
import type { Store } from './store.ts';

const DEBOUNCE_MS = 200;
const SHOWN = 8;

export interface SearchTarget {
  /** An address was found: mark it and fly there. */
  show(address: Address): void;
  /** A place was picked. */
  flyTo(lon: number, lat: number, zoom: number): void;
}

/** What a suggestion is, in the UI's language: its level ("Municipality", "County"), "Place", "Address". */
function kindLabel(s: Suggestion): string {
  if (s.kind === 'area') return levelName(s.level, 'one');
  return s.kind === 'place' ? t('searchPlace') : t('searchAddress');
}

/** What to type instead: with the built-in levels' examples (postcodes), or for other data without them. */
function invalidHint(): string {
  return t(addressLevel() === ADDRESS_LEVEL ? 'searchInvalid' : 'searchInvalidNamed');
}

export function mountSearchBox(store: Store, target: SearchTarget): void {
  const form = byId<HTMLFormElement>('search-form');
  const input = byId<HTMLInputElement>('search-input');
  const listbox = byId<HTMLUListElement>('search-suggestions');
  const result = byId('search-result');
  const message = (text: string) => replace(result, h('p', { class: 'error' }, text));

  let suggestions: Suggestion[] = [];
  let active = -1;
  let timer = 0;
  let asked = '';
  /** The text the listed suggestions answer. */
  let shownFor = '';
  let pending: AbortController | null = null;

  function close(): void {
    suggestions = [];
    active = -1;
    listbox.hidden = true;
    replace(listbox);
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function render(): void {
    replace(
      listbox,
      ...suggestions.map((s, i) => {
        const option = h(
          'li',
          { id: `search-option-${i}`, role: 'option', 'aria-selected': i === active ? 'true' : 'false', 'data-kind': s.kind },
          h('span', { class: 'label' }, s.label),
          h('span', { class: 'kind' }, kindLabel(s)),
        );
        // mousedown, not click: picking must happen before the input's blur closes the list.
        option.addEventListener('mousedown', (e) => {
          e.preventDefault();
          pick(s);
        });
        return option;
      }),
    );
    const open = suggestions.length > 0;
    listbox.hidden = !open;
    input.setAttribute('aria-expanded', String(open));
    if (active >= 0) {
      input.setAttribute('aria-activedescendant', `search-option-${active}`);
      listbox.children[active]?.scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  }

  function suggest(text: string): void {
    pending?.abort();
    if (text.trim().length < 2) {
      asked = '';
      close();
      return;
    }
    const controller = new AbortController();
    pending = controller;
    asked = text;
    api
      .suggest(store.get(), text, SHOWN, controller.signal)
      .then((res) => {
        if (controller.signal.aborted || input.value !== text) return;
        suggestions = res.suggestions;
        shownFor = text;
        active = -1;
        render();
      })
      .catch((err: unknown) => {
        if (!controller.signal.aborted) console.info('suggestions unavailable:', (err as Error).message);
      });
  }

  function findAddress(text: string): void {
    const query = parseAddressQuery(text);
    if (!query) {
      message(invalidHint());
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
  }

  function pick(s: Suggestion): void {
    input.value = s.label;
    close();
    if (s.kind === 'area') {
      replace(result);
      store.set({ area: s.code });
    } else if (s.kind === 'place') {
      replace(result);
      target.flyTo(s.lon, s.lat, 13);
    } else {
      replace(result, h('p', {}, t('loading')));
      api
        .addressById(store.get(), s.address_id)
        .then((res) => {
          replace(result, addressCard(res.address));
          target.show(res.address);
        })
        .catch((err: Error) => message(t('loadFailed', { what: s.label, message: err.message })));
    }
  }

  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => suggest(input.value), DEBOUNCE_MS);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (suggestions.length === 0) {
        if (input.value !== asked || listbox.hidden) suggest(input.value);
        return;
      }
      const step = e.key === 'ArrowDown' ? 1 : -1;
      active = (active + step + suggestions.length + 1) % (suggestions.length + 1);
      if (active === suggestions.length) active = -1;
      render();
    } else if (e.key === 'Escape') {
      // Open list: close it; closed: clear the box. Either way the map's Escape (close popups) waits.
      e.stopPropagation();
      if (!listbox.hidden) close();
      else input.value = '';
    }
  });
  input.addEventListener('blur', () => close());
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    window.clearTimeout(timer);
    pending?.abort();
    if (active >= 0 && suggestions[active]) return pick(suggestions[active]);
    // An address typed in full is looked up as typed; anything else takes the first suggestion.
    const text = input.value;
    if (parseAddressQuery(text)) {
      close();
      return findAddress(text);
    }
    if (suggestions.length > 0 && shownFor === text) return pick(suggestions[0]);
    close();
    if (text.trim().length === 0) return;
    api
      .suggest(store.get(), text, 1)
      .then((res) => (res.suggestions[0] ? pick(res.suggestions[0]) : message(invalidHint())))
      .catch(() => message(invalidHint()));
  });
}
