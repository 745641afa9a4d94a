import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dashboardFileName, DASHBOARDS } from '../../../infra/monitoring/grafana/dashboards';
import { PROMETHEUS_DATASOURCE_UID } from '../../../infra/monitoring/grafana/dashboard-json';
import { DASHBOARDS_DIR, dashboardFileText } from '../../../infra/tools/build-dashboards';

describe('Grafana dashboards', () => {
  it.each(DASHBOARDS.map((spec) => [spec.title, spec] as const))('%s: the provisioned JSON is what its definition generates', (_title, spec) => {
    // A hand edit to the JSON, or a definition changed without `node dist/infra/tools/build-dashboards.js`, fails here.
    expect(readFileSync(join(DASHBOARDS_DIR, dashboardFileName(spec)), 'utf8')).toBe(dashboardFileText(spec));
  });

  it('queries the provisioned datasource from every panel, with unique uids', () => {
    const datasource = readFileSync(join(DASHBOARDS_DIR, '..', 'provisioning', 'datasources', 'prometheus.yml'), 'utf8');
    expect(datasource).toContain(`uid: ${PROMETHEUS_DATASOURCE_UID}`);
    expect(new Set(DASHBOARDS.map((spec) => spec.uid)).size).toBe(DASHBOARDS.length);
    for (const spec of DASHBOARDS) expect(spec.panels.every((panel) => panel.queries.length > 0)).toBe(true);
  });
});
