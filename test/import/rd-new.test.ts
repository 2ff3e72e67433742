// RD New (EPSG:28992) to WGS 84 conversion at known points.
import { describe, expect, it } from 'vitest';
import { rdToWgs84 } from '../../pipeline/import/rd-new.ts';

describe('RD New conversion', () => {
  it('puts the Amersfoort origin (155000, 463000) at 52.15517 N, 5.38720 E', () => {
    const [lon, lat] = rdToWgs84(155000, 463000);
    expect(lon).toBeCloseTo(5.3872, 5);
    expect(lat).toBeCloseTo(52.15517, 5);
  });

  it('moves east and north with x and y', () => {
    const [lon0, lat0] = rdToWgs84(155000, 463000);
    const [lon1, lat1] = rdToWgs84(156000, 464000);
    expect(lon1).toBeGreaterThan(lon0);
    expect(lat1).toBeGreaterThan(lat0);
  });
});
