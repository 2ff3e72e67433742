// What the fictional providers of the US demo advertise at a location in a release: one offer per
// technology at most, drawn with the location's own seeded draws against the shares of
// us-calibration.ts, so a location keeps its offers from one release to the next unless a share or
// a speed changes (fibre grows, copper shrinks, cable and satellite get faster).
import { US_SHARES, type Share } from './us-calibration.ts';
import { SALT, type UsLocation } from './us-locations.ts';
import { US_CABLE, US_COPPER, US_FIBRE, US_OTHER, US_SATELLITE, US_WIRELESS, type UsProvider } from './us-providers.ts';
import { hashString, unitHash } from './random.ts';

export interface UsOffer {
  provider: UsProvider;
  down: number;
  up: number;
  lowLatency: 0 | 1;
}

/** What a county's providers and density make of the shares (fixed per county). */
export interface CountyMarket {
  fibre: UsProvider[];
  cable: UsProvider;
  copper: UsProvider;
  /** Multiplies the fibre share: denser counties have more fibre. */
  fibreFactor: number;
}

export function countyMarket(code: string, weight: number): CountyMarket {
  const h = hashString(code);
  const first = h % US_FIBRE.length;
  const fibre = weight > 1.5 ? [US_FIBRE[first], US_FIBRE[(first + 1) % US_FIBRE.length]] : [US_FIBRE[first]];
  return {
    fibre,
    cable: US_CABLE[(h >>> 8) % US_CABLE.length],
    copper: US_COPPER[(h >>> 16) % US_COPPER.length],
    fibreFactor: Math.min(1.5, Math.max(0.4, 1 + 0.3 * Math.log(weight))),
  };
}

type Speed = readonly [down: number, up: number];
type Choices = ReadonlyArray<readonly [share: number, speed: Speed]>;

/** Speed choices as the calibration reads them: '30% 500/500, 70% 1000/1000' (down/up Mbit/s). */
function choices(text: string): Choices {
  return text.split(',').map((part) => {
    const [, pct, down, up] = /^\s*([\d.]+)% (\d+)\/(\d+)\s*$/.exec(part)!;
    return [Number(pct) / 100, [Number(down), Number(up)]] as const;
  });
}

/** The speed of `options` whose cumulative share first exceeds the draw `u`. */
function pick(u: number, options: Choices): Speed {
  let sum = 0;
  for (const [share, speed] of options) {
    sum += share;
    if (u < sum) return speed;
  }
  return options[options.length - 1][1];
}

/** Per release, oldest first. */
const FIBRE_SPEEDS = [choices('30% 500/500, 70% 1000/1000'), choices('15% 500/500, 65% 1000/1000, 20% 2000/2000')];
const CABLE_SPEEDS = [choices('40% 300/20, 60% 1000/35'), choices('15% 300/20, 70% 1000/35, 15% 1200/50')];
const COPPER_SPEEDS = {
  town: choices('15% 10/1, 35% 25/3, 30% 50/5, 20% 100/10'),
  rural: choices('40% 10/1, 40% 25/3, 20% 50/5'),
};

/** The offers at `location` in release `release` (an index, oldest first); none before it was built. */
export function offersAt(location: UsLocation, market: CountyMarket, release: number): UsOffer[] {
  if (location.born > release) return [];
  const key = location.key;
  const where = location.town ? 'town' : 'rural';
  const has = (share: Share, salt: number, factor = 1) => unitHash(key, salt) < Math.min(0.98, share[where][release] * factor);
  const offer = (provider: UsProvider, [down, up]: Speed, lowLatency: 0 | 1 = 1): UsOffer => ({ provider, down, up, lowLatency });
  const offers: UsOffer[] = [];
  if (has(US_SHARES.fibre, SALT.fibre, market.fibreFactor)) {
    const provider = market.fibre[Math.floor(unitHash(key, SALT.fibreProvider) * market.fibre.length)];
    offers.push(offer(provider, pick(unitHash(key, SALT.fibreSpeed), FIBRE_SPEEDS[release])));
  }
  if (has(US_SHARES.cable, SALT.cable)) offers.push(offer(market.cable, pick(unitHash(key, SALT.cableSpeed), CABLE_SPEEDS[release])));
  if (has(US_SHARES.copper, SALT.copper)) offers.push(offer(market.copper, pick(unitHash(key, SALT.copperSpeed), COPPER_SPEEDS[where])));
  const wireless = unitHash(key, SALT.wirelessSpeed);
  if (has(US_SHARES.unlicensedWireless, SALT.unlicensed)) offers.push(offer(US_WIRELESS.unlicensed, wireless < 0.5 ? [25, 3] : [50, 10]));
  if (has(US_SHARES.licensedWireless, SALT.licensed)) offers.push(offer(US_WIRELESS.licensed, [100, 20]));
  if (has(US_SHARES.lbrWireless, SALT.lbr)) offers.push(offer(US_WIRELESS.lbr, wireless < 0.6 ? [100, 20] : [50, 10]));
  if (has(US_SHARES.gsoSatellite, SALT.gso)) offers.push(offer(US_SATELLITE.gso, [25, 3], 0));
  if (has(US_SHARES.ngsoSatellite, SALT.ngso)) offers.push(offer(US_SATELLITE.ngso, release === 0 ? [100, 10] : [200, 15]));
  if (has(US_SHARES.other, SALT.other)) offers.push(offer(US_OTHER, [10, 1]));
  return offers;
}

/** Whether some offer reaches `down`/`up` (the FCC's "served" at 100/20). */
export function reaches(offers: readonly UsOffer[], down: number, up: number): boolean {
  return offers.some((o) => o.down >= down && o.up >= up);
}
