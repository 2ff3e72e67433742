// staticAnswerPath: the file a static site holds an API answer in; the exporter and the client both
// use it, so it must give one safe, distinct name per request whatever the release label holds.
import { describe, expect, it } from 'vitest';
import { requests, staticAnswerPath } from '../../common/static-site.ts';

describe('staticAnswerPath', () => {
  it('names the answer by path and sorted parameters, leaving out empty ones', () => {
    expect(staticAnswerPath('/api/v1/areas/GM0363', { release: '2024-12', down: 1000 })).toBe(
      'data/areas/GM0363.down-1000.release-2024-12.json',
    );
    expect(staticAnswerPath('/api/v1/clusters', { sort: 'size', area: null, down: 100, release: 'r', limit: 50 })).toBe(
      'data/clusters.down-100.limit-50.release-r.sort-size.json',
    );
    expect(staticAnswerPath('/api/v1/meta')).toBe('data/meta.json');
    expect(staticAnswerPath('/tiles/areas.json')).toBe('data/tiles/areas.json');
  });

  it('escapes every character outside letters, digits and `-`, so labels cannot collide or escape the folder', () => {
    const labels = ['2024.12', '2024_12', '2024 12', '../x', '2024/12', 'é', '2024-12', '2024_2e_12'];
    const files = labels.map((release) => staticAnswerPath(...requests.summary({ release, down: 1000 })));
    expect(new Set(files).size).toBe(labels.length);
    for (const f of files) expect(f).toMatch(/^data\/summary(\.[A-Za-z0-9_-]+-[A-Za-z0-9_-]+)+\.json$/);
  });

  it('decodes an encoded path segment before escaping it, as the exporter and the client both encode', () => {
    expect(staticAnswerPath(...requests.area({ release: 'a', down: 30 }, 'X Y'))).toBe('data/areas/X_20_Y.down-30.release-a.json');
  });
});
