/** A panel as we describe it: a title, what it shows, and its PromQL queries with legends. */
export interface PanelSpec {
  title: string;
  kind?: 'timeseries' | 'stat';
  unit?: string;
  description?: string;
  queries: Array<{ expr: string; legend: string }>;
}

export interface DashboardSpec {
  uid: string;
  title: string;
  description: string;
  panels: PanelSpec[];
}

/** The uid of the Prometheus datasource Grafana is provisioned with (provisioning/datasources/prometheus.yml). */
export const PROMETHEUS_DATASOURCE_UID = 'prometheus';

const PANEL_WIDTH = 12;
const PANEL_HEIGHT = 8;

/** Grafana's dashboard JSON for a spec: two panels a row, every query against the provisioned Prometheus. */
export function grafanaDashboard(spec: DashboardSpec): Record<string, unknown> {
  const datasource = { type: 'prometheus', uid: PROMETHEUS_DATASOURCE_UID };
  return {
    uid: spec.uid,
    title: spec.title,
    description: spec.description,
    tags: ['trade-orchestrator'],
    timezone: 'utc',
    schemaVersion: 39,
    version: 1,
    editable: false,
    refresh: '30s',
    time: { from: 'now-6h', to: 'now' },
    panels: spec.panels.map((panel, index) => ({
      id: index + 1,
      type: panel.kind ?? 'timeseries',
      title: panel.title,
      ...(panel.description ? { description: panel.description } : {}),
      datasource,
      gridPos: { x: (index % 2) * PANEL_WIDTH, y: Math.floor(index / 2) * PANEL_HEIGHT, w: PANEL_WIDTH, h: PANEL_HEIGHT },
      fieldConfig: { defaults: { unit: panel.unit ?? 'short' }, overrides: [] },
      targets: panel.queries.map((query, queryIndex) => ({
        refId: String.fromCharCode(65 + queryIndex), datasource, expr: query.expr, legendFormat: query.legend,
      })),
    })),
  };
}
