import { type Canary, declaredServices, type PublishedVersion, type WidgetList, type WidgetSummary } from '@switchboard/contracts';

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** `1.3.0 (10%, 2 teams)`, or `-` without a canary. */
export function formatCanary(canary: Canary | null): string {
  if (!canary) return '-';
  const audience = [`${canary.percent}%`, ...(canary.teams.length ? [plural(canary.teams.length, 'team')] : [])];
  return `${canary.version} (${audience.join(', ')})`;
}

/** `1.3.0 [2 failures], 1.2.0`: every version, in the registry's order, with its failure count. */
export function formatVersions(versions: PublishedVersion[]): string {
  if (!versions.length) return '-';
  return versions
    .map((v) => (v.failures.count ? `${v.version} [${plural(v.failures.count, 'failure')}]` : v.version))
    .join(', ');
}

/** The version a widget's row describes: the active one, else the newest. */
const shownVersion = (widget: Pick<WidgetSummary, 'active' | 'versions'>) =>
  widget.versions.find((v) => v.version === widget.active) ?? widget.versions[0];

/** `mail, templates`: the services the active version (else the newest) declares, `-` for none. */
export function formatServices(widget: Pick<WidgetSummary, 'active' | 'versions'>): string {
  const shown = shownVersion(widget);
  const services = shown ? declaredServices(shown.manifest) : [];
  return services.length ? services.join(', ') : '-';
}

/** `default, 2 teams`: where the widget is visible; `-` for nowhere, `?` when the registry did not say. */
export function formatPlacement(widget: Pick<WidgetSummary, 'placedOn'>): string {
  if (!widget.placedOn) return '?';
  const { default: onDefault, teams } = widget.placedOn;
  const where = [...(onDefault ? ['default'] : []), ...(teams.length ? [plural(teams.length, 'team')] : [])];
  return where.length ? where.join(', ') : '-';
}

/** Left-aligned columns two spaces apart; the last column is not padded. */
export function formatTable(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows
    .map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('  '))
    .join('\n');
}

/** The load failures shells reported, one line per version that has any. */
function formatFailures(list: WidgetList): string[] {
  return list.items.flatMap((widget) =>
    widget.versions
      .filter((v) => v.failures.count > 0)
      .map((v) => {
        const last = v.failures.lastAt ? `, last at ${v.failures.lastAt}` : '';
        const reason = v.failures.lastReason ? `: ${v.failures.lastReason}` : '';
        return `  ${widget.name}@${v.version}  ${plural(v.failures.count, 'failure')}${last}${reason}`;
      }),
  );
}

/**
 * The origins of their own backends the shown versions call (`connect`), one line per widget that
 * declares any, each marked when an admin has not approved it (then the browser blocks it).
 */
function formatConnect(list: WidgetList): string[] {
  return list.items.flatMap((widget) => {
    const shown = shownVersion(widget);
    const approved = shown?.approvedConnect ?? [];
    const origins = (shown?.manifest.connect ?? []).map((origin) => (approved.includes(origin) ? origin : `${origin} (not approved)`));
    return origins.length ? [`  ${widget.name}@${shown?.version}  ${origins.join(' ')}`] : [];
  });
}

/** What `widget list` prints: the environment, a table of widgets, the origins they call, then the load failures. */
export function formatWidgetList(list: WidgetList): string {
  if (!list.items.length) return 'No widgets are published yet.\n';
  const environments = [...new Set(list.items.map((widget) => widget.environment))];
  const table = formatTable([
    ['NAME', 'ACTIVE', 'PLACED', 'SERVICES', 'CANARY', 'VERSIONS'],
    ...list.items.map((widget) => [
      widget.name,
      widget.active ?? '-',
      formatPlacement(widget),
      formatServices(widget),
      formatCanary(widget.canary),
      formatVersions(widget.versions),
    ]),
  ]);
  const failures = formatFailures(list);
  const sections = [`Environment: ${environments.join(', ')}`, table];
  const connect = formatConnect(list);
  if (connect.length) sections.push(['Origins they call besides the platform (connect):', ...connect].join('\n'));
  if (failures.length) sections.push(['Load failures reported by shells:', ...failures].join('\n'));
  return `${sections.join('\n\n')}\n`;
}
