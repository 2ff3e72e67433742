// Dutch and English texts and number/date formats of the area report.
import type { ProgressStatus } from '../../common/api.ts';
import type { Threshold } from '../../common/types.ts';
import { levelLabel, levelWord, type LevelForm } from '../../common/level-names.ts';
import { formatBound, formatPercent } from '../../common/percent.ts';
import type { ReportLang } from './model.ts';

interface Texts {
  kicker: string;
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
  /** Under the map when its points are H3 cell centres (FCC BDC). */
  mapCellCentres: string;
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
  progressTitle: string;
  progressNote: (pct: number, year: number) => string;
  change: (previous: string, fromPct: string, toPct: string, fromUncovered: string, toUncovered: string, delta: string) => string;
  fewer: (n: string) => string;
  more: (n: string) => string;
  noChange: string;
  changedAddresses: (from: string, to: string, newly: string, lost: string, added: string, removed: string) => string;
  noPrevious: string;
  rankLine: (ordinal: string, of: string, levels: string) => string;
  ordinal: (n: string, value: number) => string;
  comparedArea: string;
  national: string;
  toGo: (n: string, year: number) => string;
  pace: (needed: string, recent: string) => string;
  goalMet: (pct: number) => string;
  projected: (year: number) => string;
  projectedNever: string;
  status: string;
  statuses: Record<ProgressStatus, string>;
  noStatus: string;
  method: (pace: string, first: string, last: string, n: number) => string;
  methodMet: string;
  methodNone: string;
  childrenTitle: (levels: string, name: string) => string;
  childrenNote: string;
  name: string;
  toGoColumn: string;
  projectedYear: string;
  never: string;
  met: string;
}

const NL: Texts = {
  kicker: 'Gigabit Atlas · gebiedsrapport',
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
  mapCellCentres:
    'Elk punt is het midden van de H3-cel (resolutie 8, ongeveer 0,7 km²) van het adres, niet het gebouw: de bron (FCC BDC) geeft geen coördinaten.',
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
  progressTitle: 'Voortgang naar het doel',
  progressNote: (pct, year) => `Doel: ${pct}% van de adressen gedekt eind ${year}, bij dezelfde drempel.`,
  change: (prev, fromPct, toPct, fromU, toU, delta) =>
    `Verandering sinds peildatum ${prev}: aandeel gedekt van ${fromPct} naar ${toPct}; ongedekte adressen van ${fromU} naar ${toU} (${delta}).`,
  fewer: (n) => `${n} minder`,
  more: (n) => `${n} meer`,
  noChange: 'gelijk',
  changedAddresses: (from, to, newly, lost, added, removed) =>
    `Adressen tussen ${from} en ${to}: ${newly} nieuw gedekt, ${lost} dekking verloren, ${added} nieuw, ${removed} verdwenen.`,
  noPrevious: 'Er is geen eerdere peildatum om mee te vergelijken.',
  rankLine: (ordinal, of, levels) => `Positie: ${ordinal} van ${of} ${levels} naar aandeel gedekt (1 = hoogste).`,
  ordinal: (n) => `${n}e`,
  comparedArea: 'Gebied',
  national: 'Landelijk',
  toGo: (n, year) => `Nog ${n} adressen te gaan tot eind ${year}.`,
  pace: (needed, recent) => `Nodig: ${needed} per jaar; recent tempo: ${recent} per jaar.`,
  goalMet: (pct) => `Het doel van ${pct}% is gehaald.`,
  projected: (year) => `Verwacht jaar waarin het doel wordt gehaald: ${year}.`,
  projectedNever: 'Bij het recente tempo wordt het doel niet gehaald.',
  status: 'Status',
  statuses: { on_track: 'op koers', at_risk: 'risico', off_track: 'niet op koers' },
  noStatus: 'nog geen tempo',
  method: (pace, first, last, n) =>
    `Methode: een rechte lijn; de achterstand tot het doel slonk tussen ${first} en ${last} (${n} peildata) met ${pace} adressen per jaar, doorgetrokken vanaf ${last}.`,
  methodMet: 'Methode: het doel is in deze peildatum al gehaald.',
  methodNone: 'Methode: een tempo vraagt minstens twee peildata met een datum, deze erbij; die zijn er niet.',
  childrenTitle: (levels, name) => `${levels} in ${name}`,
  childrenNote: 'Slechtste status eerst, dan het laatste verwachte jaar.',
  name: 'Naam',
  toGoColumn: 'Te gaan',
  projectedYear: 'Verwacht jaar',
  never: 'nooit',
  met: 'gehaald',
};

const EN: Texts = {
  kicker: 'Gigabit Atlas · area report',
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
  mapCellCentres:
    'Each point is the centre of the address’s H3 cell (resolution 8, about 0.7 km²), not the building: the source (FCC BDC) gives no coordinates.',
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
  progressTitle: 'Progress towards the goal',
  progressNote: (pct, year) => `Goal: ${pct}% of addresses covered by the end of ${year}, at the same threshold.`,
  change: (prev, fromPct, toPct, fromU, toU, delta) =>
    `Change since release ${prev}: covered share from ${fromPct} to ${toPct}; uncovered addresses from ${fromU} to ${toU} (${delta}).`,
  fewer: (n) => `${n} fewer`,
  more: (n) => `${n} more`,
  noChange: 'unchanged',
  changedAddresses: (from, to, newly, lost, added, removed) =>
    `Addresses between ${from} and ${to}: ${newly} newly covered, ${lost} lost coverage, ${added} new, ${removed} gone.`,
  noPrevious: 'There is no earlier release to compare with.',
  rankLine: (ordinal, of, levels) => `Rank: ${ordinal} of ${of} ${levels} by covered share (1 = highest).`,
  ordinal: (n, value) => {
    const teen = value % 100 >= 11 && value % 100 <= 13;
    return `${n}${teen ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[value % 10] ?? 'th')}`;
  },
  comparedArea: 'Area',
  national: 'National',
  toGo: (n, year) => `${n} addresses to go by the end of ${year}.`,
  pace: (needed, recent) => `Needed: ${needed} a year; recent pace: ${recent} a year.`,
  goalMet: (pct) => `The goal of ${pct}% is met.`,
  projected: (year) => `Projected year the goal is reached: ${year}.`,
  projectedNever: 'At the recent pace the goal is not reached.',
  status: 'Status',
  statuses: { on_track: 'on track', at_risk: 'at risk', off_track: 'off track' },
  noStatus: 'no pace yet',
  method: (pace, first, last, n) =>
    `Method: a straight line; the gap to the goal closed by ${pace} addresses a year between ${first} and ${last} (${n} releases), extended from ${last}.`,
  methodMet: 'Method: the goal is already met in this release.',
  methodNone: 'Method: a pace needs at least two releases with an as-of date, this one among them; there are not.',
  childrenTitle: (levels, name) => `${levels} in ${name}`,
  childrenNote: 'Worst status first, then the latest projected year.',
  name: 'Name',
  toGoColumn: 'To go',
  projectedYear: 'Projected year',
  never: 'never',
  met: 'goal met',
};

const LOCALES: Record<ReportLang, string> = { nl: 'nl-NL', en: 'en-GB' };

export interface Formatter {
  t: Texts;
  int(n: number): string;
  /** A number with exactly `digits` decimals: "89,09". */
  decimal(n: number, digits: number): string;
  /** `part` of `whole` in %, as the API and the web map show it (common/percent.ts). */
  pct(part: number, whole: number): string;
  /** An axis value: "90%". */
  bound(p: number): string;
  date(iso: string): string;
  /** A level of the data in words, lower case ("counties", common/level-names.ts). */
  level(level: string, form: LevelForm): string;
  /** The same, starting a label ("County", "Gemeente"). */
  levelLabel(level: string, form: LevelForm): string;
}

/** Texts and formats of one language. */
export function formatterFor(lang: ReportLang): Formatter {
  const locale = LOCALES[lang];
  const ints = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
  return {
    t: lang === 'nl' ? NL : EN,
    int: (n) => ints.format(n),
    decimal: (n, digits) => new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n),
    pct: (part, whole) => formatPercent(part, whole, locale, lang === 'nl' ? 'geen gegevens' : 'no data'),
    bound: (p) => formatBound(p, locale),
    level: (level, form) => levelWord(level, form, lang),
    levelLabel: (level, form) => levelLabel(level, form, lang),
    date: (iso) => {
      const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
      return Number.isNaN(d.getTime()) ? iso : dates.format(d);
    },
  };
}
