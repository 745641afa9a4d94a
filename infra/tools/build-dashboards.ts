import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { grafanaDashboard } from '../monitoring/grafana/dashboard-json';
import { dashboardFileName, DASHBOARDS } from '../monitoring/grafana/dashboards';
import { projectRoot } from '../paths';

/** The provisioned dashboards' directory, in the source tree (compose and the Prometheus test read it). */
export const DASHBOARDS_DIR = join(projectRoot(), 'infra', 'monitoring', 'grafana', 'dashboards');

export const dashboardFileText = (spec: (typeof DASHBOARDS)[number]): string => `${JSON.stringify(grafanaDashboard(spec), null, 2)}\n`;

/** `node dist/infra/tools/build-dashboards.js`: writes the Grafana JSON of every dashboard from its definition. */
if (require.main === module) {
  for (const spec of DASHBOARDS) {
    writeFileSync(join(DASHBOARDS_DIR, dashboardFileName(spec)), dashboardFileText(spec));
    console.log(`wrote ${dashboardFileName(spec)}`);
  }
}
