// Tile URL templates from TileJSON, with the release and threshold set in their query string.
// Done on the string: URL() would percent-encode the {z}/{x}/{y} placeholders. The release label is
// always in the URL: for the default (newest) release it is the label TileJSON resolved, so that
// cached tiles of an older release are never taken for the newest after an import. The pmtiles://
// URLs of a static site are left as they are.
import type { Selection } from './api.ts';

/** `technologies`: the uncovered layer's technology filter (empty or absent: all). */
export function withSelection(template: string, s: Selection, base = location.href, technologies: readonly string[] = []): string {
  // A static site's tiles come from one archive that holds one selection: nothing to add.
  if (template.startsWith('pmtiles://')) return template;
  const absolute = /^https?:\/\//.test(template) ? template : new URL(template.split('?')[0], base).origin + template;
  const [path, query = ''] = absolute.split('?');
  const params = new URLSearchParams(query);
  if (s.release) params.set('release', s.release);
  params.set('down', String(s.down));
  if (s.up) params.set('up', String(s.up));
  else params.delete('up');
  if (s.fixedOnly) params.set('fixed_only', '1');
  else params.delete('fixed_only');
  if (technologies.length > 0) params.set('technology', technologies.join(','));
  else params.delete('technology');
  return `${path}?${params.toString()}`;
}
