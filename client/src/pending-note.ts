// The note shown while releases are still being built (meta.pending_releases, e.g. the older demo
// releases after the first start): it asks the server every few seconds, hands each longer release
// list to the views, and disappears once nothing is pending.
import type { Meta } from '../../common/api.ts';
import type { ReleaseInfo } from '../../common/types.ts';
import { api } from './api.ts';
import { t } from './i18n.ts';
import { changed, type Store } from './store.ts';

const POLL_MS = 3000;

export function mountPendingNote(
  note: HTMLElement,
  meta: Meta,
  releases: readonly ReleaseInfo[],
  store: Store,
  onReleases: (releases: ReleaseInfo[]) => void,
): void {
  // A static site's meta (atlas export) has no pending releases.
  let pending = meta.pending_releases ?? [];
  let ready = releases.length;
  const render = () => {
    note.hidden = pending.length === 0;
    note.textContent = pending.length === 0 ? '' : t('pendingReleases', { ready, total: ready + pending.length });
  };
  const poll = async () => {
    try {
      const [next, list] = await Promise.all([api.meta(), api.releases()]);
      pending = next.pending_releases ?? [];
      if (list.releases.length !== ready) {
        ready = list.releases.length;
        onReleases(list.releases);
      }
    } catch {
      // A failed poll is retried at the next one; the note stays as it was.
    }
    render();
    if (pending.length > 0) window.setTimeout(() => void poll(), POLL_MS);
  };
  render();
  store.subscribe((next, previous) => {
    if (changed(next, previous, 'lang')) render();
  });
  if (pending.length > 0) window.setTimeout(() => void poll(), POLL_MS);
}
