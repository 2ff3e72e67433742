// Tile URLs always carry a release label, so tiles of the newest release are not cached under a
// label-less URL that an import silently changes.
import { describe, expect, it } from 'vitest';
import { withSelection } from '../../client/src/tile-url.ts';

const BASE = 'https://atlas.example.org/#map=7/52/5';

describe('tile URLs', () => {
  it('keep the label TileJSON resolved when the newest release is shown', () => {
    const url = withSelection('/tiles/areas/{z}/{x}/{y}.mvt?release=2024-12&down=1000', { release: null, down: 100 }, BASE);
    expect(url).toBe('https://atlas.example.org/tiles/areas/{z}/{x}/{y}.mvt?release=2024-12&down=100');
  });

  it('use the chosen release otherwise, with absolute templates too', () => {
    const url = withSelection(
      'https://tiles.example.org/tiles/hexes/{z}/{x}/{y}.mvt?release=2024-12&down=1000',
      { release: '2023-12', down: 1000 },
      BASE,
    );
    expect(url).toBe('https://tiles.example.org/tiles/hexes/{z}/{x}/{y}.mvt?release=2023-12&down=1000');
  });
});
