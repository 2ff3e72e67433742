// The `pmtiles://` protocol of a static site: the `pmtiles` package's MapLibre protocol, with one
// fetch per archive tile shared by the four layer sources that read the same tile (each archive tile
// holds every layer), instead of four range requests for the same bytes.
import type { AddProtocolAction } from 'maplibre-gl';
import { Protocol } from 'pmtiles';

/** Tiles remembered for the sources still to ask: a screenful is a few dozen. */
const RECENT = 128;

/** A copy of tile bytes (an ArrayBuffer or a view on one); anything else as it is. */
function copied<T>(data: T): T {
  if (data instanceof ArrayBuffer) return data.slice(0) as T;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)) as T;
  return data;
}

export function sharedArchiveProtocol(): AddProtocolAction {
  const protocol = new Protocol();
  const recent = new Map<string, ReturnType<AddProtocolAction>>();
  return (params) => {
    let pending = recent.get(params.url);
    if (!pending) {
      // Not tied to the asking source's abort: another source may still want this tile.
      pending = protocol.tilev4(params, new AbortController()) as ReturnType<AddProtocolAction>;
      recent.set(params.url, pending);
      if (recent.size > RECENT) recent.delete(recent.keys().next().value!);
      pending.catch(() => recent.delete(params.url));
    }
    // MapLibre hands the buffer to a worker (detaching it): every source gets its own copy.
    return pending.then((r) => ({ ...r, data: copied(r.data) }));
  };
}
