import type { Registry } from 'prom-client';
import type { EventHub } from './stream/event-hub';
import type { AccountBrokers } from '../infra/broker/account-brokers';
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
  /** The broker accounts this deployment trades, read for GET /api/accounts/:id/state; tests without a venue leave them out. */
  brokers?: AccountBrokers;
  /** What GET /api/stream sends, fed from Postgres by the entry point; tests without a stream leave it out. */
  events?: EventHub;
}
