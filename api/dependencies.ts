import type { Registry } from 'prom-client';
import type { AppConfig } from '../infra/config';
import type { DatabaseHandle } from '../infra/db/client';
import type { Logger } from '../infra/logging';
import type { TemporalClientHandle } from '../infra/orchestration/temporal-client';

/** Everything the api's routes need, built once by the entry point and injected (tests build their own). */
export interface ApiDependencies {
  config: AppConfig;
  database: DatabaseHandle;
  temporal: TemporalClientHandle;
  metrics: Registry;
  logger: Logger;
}
