// Progress towards the goal as the panels show it: the status in words with a symbol (never colour
// alone), the rank, the addresses to go by the goal year, the projected year and the pace, and the
// covered % beside the parent's and the nation's. Every figure comes from the API's `progress`.
import type { AreaListItem, AreaProgress, ProgressStatus } from '../../common/api.ts';
import { compareProgress, STATUS_SEVERITY } from '../../common/progress-order.ts';
import type { Column } from './sortable-table.ts';
import { h } from './dom.ts';
import { formatInt, formatOrdinal, lang, levelName, t } from './i18n.ts';

const SYMBOL: Record<ProgressStatus, string> = { on_track: '✓', at_risk: '!', off_track: '✗' };

export function statusText(status: ProgressStatus | null): string {
  return status ? t(`status_${status}`) : t('statusUnknown');
}

export function statusBadge(status: ProgressStatus | null): HTMLElement {
  return h(
    'span',
    { class: `status status-${status ?? 'unknown'}`, 'data-status': status ?? '' },
    status ? h('span', { class: 'status-symbol', 'aria-hidden': 'true' }, SYMBOL[status]) : null,
    statusText(status),
  );
}

/** A covered % as the API gives it (two decimals), so the three compared figures are rounded once. */
export function formatCoveredPct(pct: number | null): string {
  if (pct === null) return t('noData');
  const locale = lang() === 'nl' ? 'nl-NL' : 'en-GB';
  return `${new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(pct)}%`;
}

function formatPace(n: number): string {
  return formatInt(Math.round(n));
}

export function projectionText(p: Pick<AreaProgress, 'to_go' | 'projected_year' | 'goal_pct'>): string {
  if (p.to_go === 0) return t('toGoNone', { pct: p.goal_pct });
  return p.projected_year === null ? t('projectedNever') : t('projected', { pct: p.goal_pct, year: p.projected_year });
}

function row(label: string, figure: string, value: HTMLElement | string): HTMLElement {
  return h('div', {}, h('dt', {}, label), h('dd', { 'data-figure': figure }, value));
}

/** The progress block of an area (`level` and covered % its own) or of the nation (`level` null). */
export function progressSection(p: AreaProgress, own: { name: string; level: string | null; covered_pct: number | null }): HTMLElement {
  const rank =
    own.level === null
      ? null
      : p.rank === null || p.rank === undefined
        ? t('rankNone')
        : t('rankOf', { ordinal: formatOrdinal(p.rank), total: formatInt(p.rank_of ?? 0), levels: levelName(own.level, 'many') });
  const compared: [string, string, number | null][] = [[own.name, 'own_pct', own.covered_pct]];
  if (p.parent_code)
    compared.push([
      `${p.parent_name ?? p.parent_code} (${levelName(p.parent_level ?? '', 'one')})`,
      'parent_pct',
      p.parent_covered_pct ?? null,
    ]);
  if (own.level !== null) compared.push([t('nationalRow'), 'national_pct', p.national_covered_pct]);
  return h(
    'section',
    { class: 'progress' },
    h('h3', {}, t('progressTitle')),
    h(
      'dl',
      { class: 'progress-figures' },
      rank === null ? null : row(t('rank'), 'rank', rank),
      row(t('status'), 'status', statusBadge(p.status)),
    ),
    h(
      'p',
      { 'data-figure': 'to_go' },
      p.to_go === 0 ? t('toGoNone', { pct: p.goal_pct }) : t('toGoBy', { count: formatInt(p.to_go), year: p.goal_year }),
    ),
    p.to_go === 0 ? null : h('p', { 'data-figure': 'projected_year' }, projectionText(p)),
    p.recent_per_year !== null && p.needed_per_year !== null && p.to_go > 0
      ? h(
          'p',
          { class: 'caption', 'data-figure': 'pace' },
          t('pace', { recent: formatPace(p.recent_per_year), needed: formatPace(p.needed_per_year) }),
        )
      : null,
    compared.length > 1
      ? h(
          'table',
          { class: 'counts compared' },
          h('caption', {}, t('compared')),
          h(
            'tbody',
            {},
            ...compared.map(([name, figure, pct]) =>
              h('tr', {}, h('th', { scope: 'row' }, name), h('td', { class: 'num', 'data-figure': figure }, formatCoveredPct(pct))),
            ),
          ),
        )
      : null,
  );
}

/** Status worst first, then the later projected year (never = latest) first, then the name. */
export function byStatusThenYear(a: AreaListItem, b: AreaListItem): number {
  return compareProgress(a, b, lang());
}

/** Columns of an area table with progress: name (a button that opens the area), figures, status. */
export function progressColumns(open: (code: string) => void): Column<AreaListItem>[] {
  return [
    {
      key: 'name',
      label: t('name'),
      value: (a) => a.name,
      cell: (a) => {
        const button = h('button', { type: 'button', class: 'link', 'data-code': a.code }, a.name);
        button.addEventListener('click', () => open(a.code));
        return button;
      },
    },
    {
      key: 'covered_pct',
      label: t('coveredPct'),
      numeric: true,
      value: (a) => a.covered_pct,
      cell: (a) => formatCoveredPct(a.covered_pct),
    },
    {
      key: 'to_go',
      label: t('toGoColumn'),
      numeric: true,
      value: (a) => a.progress?.to_go ?? null,
      cell: (a) => formatInt(a.progress?.to_go ?? 0),
    },
    {
      key: 'status',
      label: t('status'),
      value: (a) => (a.progress?.status ? STATUS_SEVERITY[a.progress.status] : null),
      cell: (a) => statusBadge(a.progress?.status ?? null),
    },
    {
      key: 'projected_year',
      label: t('projectedYear'),
      numeric: true,
      value: (a) => a.progress?.projected_year ?? null,
      cell: (a) =>
        a.progress?.to_go === 0
          ? '✓'
          : a.progress?.projected_year
            ? String(a.progress.projected_year)
            : a.progress?.status
              ? t('never')
              : '–',
    },
  ];
}
