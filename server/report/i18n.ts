// Dutch and English texts and number/date formats of the area report.
import type { AreaLevel } from '../../common/constants.ts';
import type { Threshold } from '../../common/types.ts';
import { formatBound, formatPercent } from '../../common/percent.ts';
import type { ReportLang } from './model.ts';

interface Texts {
  kicker: string;
  level: Record<AreaLevel, string>;
  /** "Release 2024-12 · as of 31 December 2024"; in Dutch "Peildatum …", the word the web map uses. */
  releaseLine: (label: string, date: string | null) => string;
  syntheticBanner: string;
  syntheticFooter: string;
  definition: (t: Threshold) => string;
  addresses: string;
  covered: string;
  uncovered: string;
  coveredPct: string;
  mapTitle: string;
  mapBoundary: string;
  mapUncovered: string;
  mapCluster: (distanceM: string) => string;
  mapNoUncovered: string;
  byTechnology: string;
  byTechnologyNote: string;
  technology: string;
  noTechnology: string;
  byProvider: string;
  byProviderNote: string;
  provider: string;
  unknownProvider: string;
  clustersTitle: string;
  clustersNote: (distance: string, shown: number, total: string) => string;
  rank: string;
  technologies: string;
  nearestCovered: string;
  location: string;
  noCovered: string;
  trendTitle: string;
  trendNote: string;
  listTitle: string;
  listNote: (count: string, path: string) => string;
  listNone: string;
  listTruncated: (shown: string, total: string, path: string) => string;
  postcode: string;
  street: string;
  city: string;
  numbers: string;
  page: (n: number, of: number) => string;
  generated: string;
}

const NL: Texts = {
  kicker: 'Gigabit Atlas · gebiedsrapport',
  level: { municipality: 'Gemeente', province: 'Provincie' },
  releaseLine: (label, date) => `Peildatum ${label}${date ? ` (${date})` : ''}`,
  syntheticBanner: 'SYNTHETISCHE DEMODATA: gegenereerde adressen en fictieve aanbieders, geen echte metingen.',
  syntheticFooter: 'Synthetische demodata',
  definition: (t) =>
    `Gedekt: het beste aanbod op het adres haalt minimaal ${t.down} Mbit/s download` +
    (t.up === null ? '.' : ` en minimaal ${t.up} Mbit/s upload.`) +
    ' Ongedekt: alle andere adressen, ook adressen zonder bekend aanbod.',
  addresses: 'Adressen',
  covered: 'Gedekt',
  uncovered: 'Ongedekt',
  coveredPct: '% gedekt',
  mapTitle: 'Kaart: ongedekte adressen',
  mapBoundary: 'Gebiedsgrens',
  mapUncovered: 'Ongedekt adres',
  mapCluster: (d) => `Cluster: ongedekte adressen binnen ${d} m van elkaar`,
  mapNoUncovered: 'Geen ongedekte adressen in dit gebied.',
  byTechnology: 'Naar technologie',
  byTechnologyNote: 'Adressen naar de technologie van hun beste aanbod.',
  technology: 'Technologie',
  noTechnology: 'Geen aanbod',
  byProvider: 'Naar aanbieder',
  byProviderNote: 'Adressen waar de aanbieder iets aanbiedt; gedekt als zijn beste aanbod daar de drempel haalt.',
  provider: 'Aanbieder',
  unknownProvider: '(onbekend)',
  clustersTitle: 'Grootste clusters van ongedekte adressen',
  clustersNote: (d, shown, total) =>
    `Ongedekte adressen binnen ${d} m van elkaar vormen een cluster; de ${shown} grootste van ${total}, genummerd als op de kaart. ` +
    'Afstand: tot het dichtstbijzijnde gedekte adres, een maat voor de netuitbreiding die nodig is.',
  rank: 'Nr.',
  technologies: 'Beste technologie',
  nearestCovered: 'Afstand tot gedekt',
  location: 'Midden (lat, lon)',
  noCovered: 'geen gedekt adres',
  trendTitle: 'Verloop over de releases',
  trendNote: 'Aandeel gedekte adressen per release, bij dezelfde drempel.',
  listTitle: 'Ongedekte adressen naar postcode en straat',
  listNote: (count, path) => `${count} ongedekte adressen. Volledige lijst als CSV of GeoJSON: ${path}`,
  listNone: 'Alle adressen in dit gebied halen de drempel: er zijn geen ongedekte adressen.',
  listTruncated: (shown, total, path) =>
    `Deze lijst toont de eerste ${shown} van ${total} ongedekte adressen. De CSV heeft ze allemaal: ${path}`,
  postcode: 'Postcode',
  street: 'Straat',
  city: 'Plaats',
  numbers: 'Huisnummers',
  page: (n, of) => `pagina ${n} van ${of}`,
  generated: 'gemaakt',
};

const EN: Texts = {
  kicker: 'Gigabit Atlas · area report',
  level: { municipality: 'Municipality', province: 'Province' },
  releaseLine: (label, date) => `Release ${label}${date ? ` · as of ${date}` : ''}`,
  syntheticBanner: 'SYNTHETIC DEMO DATA: generated addresses and fictional providers, not real measurements.',
  syntheticFooter: 'Synthetic demo data',
  definition: (t) =>
    `Covered: the best offer at the address reaches at least ${t.down} Mbit/s download` +
    (t.up === null ? '.' : ` and at least ${t.up} Mbit/s upload.`) +
    ' Uncovered: every other address, including addresses without any known offer.',
  addresses: 'Addresses',
  covered: 'Covered',
  uncovered: 'Uncovered',
  coveredPct: '% covered',
  mapTitle: 'Map: uncovered addresses',
  mapBoundary: 'Area boundary',
  mapUncovered: 'Uncovered address',
  mapCluster: (d) => `Cluster: uncovered addresses within ${d} m of each other`,
  mapNoUncovered: 'No uncovered addresses in this area.',
  byTechnology: 'By technology',
  byTechnologyNote: 'Addresses by the technology of their best offer.',
  technology: 'Technology',
  noTechnology: 'No offer',
  byProvider: 'By provider',
  byProviderNote: 'Addresses where the provider offers anything; covered when its best offer there meets the threshold.',
  provider: 'Provider',
  unknownProvider: '(unknown)',
  clustersTitle: 'Largest clusters of uncovered addresses',
  clustersNote: (d, shown, total) =>
    `Uncovered addresses within ${d} m of each other form a cluster; the ${shown} largest of ${total}, numbered as on the map. ` +
    'Distance: to the nearest covered address, a measure of the network extension needed.',
  rank: 'No.',
  technologies: 'Best technology',
  nearestCovered: 'Distance to covered',
  location: 'Centre (lat, lon)',
  noCovered: 'no covered address',
  trendTitle: 'Trend over releases',
  trendNote: 'Share of covered addresses per release, at the same threshold.',
  listTitle: 'Uncovered addresses by postcode and street',
  listNote: (count, path) => `${count} uncovered addresses. Full list as CSV or GeoJSON: ${path}`,
  listNone: 'Every address in this area meets the threshold: there are no uncovered addresses.',
  listTruncated: (shown, total, path) =>
    `This list shows the first ${shown} of ${total} uncovered addresses. The CSV has all of them: ${path}`,
  postcode: 'Postcode',
  street: 'Street',
  city: 'City',
  numbers: 'House numbers',
  page: (n, of) => `page ${n} of ${of}`,
  generated: 'generated',
};

const LOCALES: Record<ReportLang, string> = { nl: 'nl-NL', en: 'en-GB' };

export interface Formatter {
  t: Texts;
  int(n: number): string;
  /** `part` of `whole` in %, as the API and the web map show it (common/percent.ts). */
  pct(part: number, whole: number): string;
  /** An axis value: "90%". */
  bound(p: number): string;
  date(iso: string): string;
}

/** Texts and formats of one language. */
export function formatterFor(lang: ReportLang): Formatter {
  const locale = LOCALES[lang];
  const ints = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
  return {
    t: lang === 'nl' ? NL : EN,
    int: (n) => ints.format(n),
    pct: (part, whole) => formatPercent(part, whole, locale, lang === 'nl' ? 'geen gegevens' : 'no data'),
    bound: (p) => formatBound(p, locale),
    date: (iso) => {
      const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
      return Number.isNaN(d.getTime()) ? iso : dates.format(d);
    },
  };
}
