// The app state in one place: every view reads it and re-renders on change; only actions write it.
import type { AreaLevel, DownThreshold } from '../../common/constants.ts';
import type { Lang } from './i18n.ts';

export type ToggleLayer = 'areas' | 'provinces' | 'hexes' | 'uncovered' | 'clusters';
export const TOGGLE_LAYERS: readonly ToggleLayer[] = ['areas', 'provinces', 'hexes', 'uncovered', 'clusters'];

export interface View {
  lon: number;
  lat: number;
  zoom: number;
}

export interface State {
  release: string | null; // null: the newest
  down: DownThreshold;
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

/** True when any of `keys` differs between two states (arrays compared by content). */
export function changed(a: State, b: State, ...keys: (keyof State)[]): boolean {
  return keys.some((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}
