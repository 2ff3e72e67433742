// The URL hash mirrors what the user sees, so a copied link reopens the same view:
// #map=zoom/lat/lon&release=L&down=1000&up=1000&fixed=1&tech=ADSL,VDSL&area=GM0363&level=province&compare=L0&lang=nl&off=hexes,clusters
import { BEST_TECHNOLOGIES, type AreaLevel } from '../../common/constants.ts';
import { isLang } from './i18n.ts';
import { TOGGLE_LAYERS, type State, type ToggleLayer, type View } from './store.ts';

/** A speed in Mbit/s as a hash writes it, or null. */
function speed(text: string | null): number | null {
  return text !== null && /^\d{1,6}(\.\d{1,3})?$/.test(text) && Number(text) > 0 ? Number(text) : null;
}

/** The parts of the state a hash fixes; the rest comes from defaults. */
export function parseHash(hash: string): Partial<State> {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const out: Partial<State> = {};
  const view = parseView(params.get('map'));
  if (view) out.view = view;
  const release = params.get('release');
  if (release) out.release = release;
  // Any speed here; main.ts keeps it only when the database's definitions (meta) allow it.
  const down = speed(params.get('down'));
  if (down !== null) {
    // With `down` the hash states the whole definition of covered: no `up`/`fixed` means none.
    out.down = down;
    out.up = speed(params.get('up'));
    out.fixedOnly = params.get('fixed') === '1';
  }
  const tech = params.get('tech');
  if (tech !== null || out.down !== undefined) {
    out.uncoveredTech = (tech ?? '').split(',').filter((x) => (BEST_TECHNOLOGIES as readonly string[]).includes(x));
  }
  const compare = params.get('compare');
  if (compare) out.compare = compare;
  const area = params.get('area');
  if (area) out.area = area;
  // Any level name the data may have (main.ts drops one the server does not list).
  const level = params.get('level');
  if (level && /^[\w-]{1,40}$/.test(level)) out.level = level as AreaLevel;
  const lang = params.get('lang');
  if (isLang(lang)) out.lang = lang;
  const off = params.get('off');
  if (off !== null) out.hidden = off.split(',').filter((l): l is ToggleLayer => (TOGGLE_LAYERS as readonly string[]).includes(l));
  return out;
}

function parseView(value: string | null): View | null {
  if (!value) return null;
  const [zoom, lat, lon] = value.split('/').map(Number);
  const valid = [zoom, lat, lon].every(Number.isFinite) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 && zoom >= 0 && zoom <= 24;
  return valid ? { zoom, lat, lon } : null;
}

export function formatHash(state: State): string {
  const params = new URLSearchParams();
  if (state.view) {
    const { zoom, lat, lon } = state.view;
    params.set('map', `${zoom.toFixed(2)}/${lat.toFixed(5)}/${lon.toFixed(5)}`);
  }
  if (state.release) params.set('release', state.release);
  params.set('down', String(state.down));
  if (state.up) params.set('up', String(state.up));
  if (state.fixedOnly) params.set('fixed', '1');
  if (state.uncoveredTech.length > 0) params.set('tech', state.uncoveredTech.join(','));
  if (state.area) params.set('area', state.area);
  if (state.level) params.set('level', state.level);
  if (state.compare) params.set('compare', state.compare);
  params.set('lang', state.lang);
  // Always written, also empty: the default hides a layer (hexes), so "none hidden" must be said.
  params.set('off', state.hidden.join(','));
  // URLSearchParams encodes '/' and ','; both are safe in a fragment and easier to read raw.
  return `#${params.toString().replace(/%2F/g, '/').replace(/%2C/g, ',')}`;
}
