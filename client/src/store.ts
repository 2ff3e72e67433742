// The app state in one place: every view reads it and re-renders on change; only actions write it.
import type { AreaLevel, DownThreshold, UpThreshold } from '../../common/constants.ts';
import type { Lang } from './i18n.ts';

export type ToggleLayer = 'areas' | 'provinces' | 'hexes' | 'covered' | 'uncovered' | 'clusters';
export const TOGGLE_LAYERS: readonly ToggleLayer[] = ['areas', 'provinces', 'hexes', 'covered', 'uncovered', 'clusters'];

export interface View {
  lon: number;
  lat: number;
  zoom: number;
}

export interface State {
  release: string | null; // null: the newest
  down: DownThreshold;
  up: UpThreshold | null; // upload condition on top of `down` (symmetric: up = down)
  fixedOnly: boolean; // satellite, fixed wireless and mobile do not count as coverage
  uncoveredTech: string[]; // best technologies the uncovered layer shows; empty: all
  area: string | null; // selected municipality (or province) code
  level: AreaLevel | null; // the level the map colours and the table lists; null: the finest (addresses') level
  compare: string | null; // the release the viewed one is compared with (changes layer and panel); null: none
  lang: Lang;
  view: View | null; // null: fit the data's bounds
  hidden: ToggleLayer[]; // layers switched off
}

type Listener = (state: State, previous: State) => void;

export interface Store {
  get(): State;
  set(patch: Partial<State>): void;
  subscribe(listener: Listener): void;
}

export function createStore(initial: State): Store {
  let state = initial;
  const listeners: Listener[] = [];
  return {
    get: () => state,
    set(patch) {
      const previous = state;
      state = { ...state, ...patch };
      for (const listener of listeners) listener(state, previous);
    },
    subscribe(listener) {
      listeners.push(listener);
    },
  };
}

/**
 * What "covered" means is `down` with `up` and `fixedOnly`: a view that reloads on `down` reloads on
 * the whole definition (every figure depends on all three).
 */
const COVERAGE: (keyof State)[] = ['down', 'up', 'fixedOnly'];

/** True when any of `keys` differs between two states (arrays compared by content); 'down' stands for COVERAGE. */
export function changed(a: State, b: State, ...keys: (keyof State)[]): boolean {
  const all = keys.includes('down') ? [...keys, ...COVERAGE] : keys;
  return all.some((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}
