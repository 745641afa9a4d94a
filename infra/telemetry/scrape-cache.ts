import type { Gauge} from 'prom-client';
import { Counter, type LabelValues, type Registry } from 'prom-client';

export interface SharedRead<T> {
  /** The latest figures: fresh, or the last good ones while the source fails (undefined until a read succeeds). */
  (): Promise<T | undefined>;
  /** Whether the latest read succeeded. */
  up(): boolean;
}

/**
 * One read shared by every metric collected in the same scrape (prom-client collects each metric on its own): the
 * first caller starts the read, the rest within `maxAgeMs` get the same promise. A failed read never fails the scrape
 * (the worker's /metrics stays up while Postgres or Temporal is down): it serves the last good figures, whose
 * timestamps then age and trip the staleness alerts, and `up()` says the source failed.
 */
export function sharedRead<T>(read: () => Promise<T>, maxAgeMs = 1_000, clock: () => number = Date.now): SharedRead<T> {
  let latest: { at: number; value: Promise<T | undefined> } | undefined;
  let lastGood: T | undefined;
  let ok = false;
  const shared = (() => {
    const now = clock();
    if (!latest || now - latest.at > maxAgeMs) {
      latest = {
        at: now,
        value: read().then((value) => {
          ok = true;
          lastGood = value;
          return value;
        }, () => {
          ok = false;
          return lastGood;
        }),
      };
    }
    return latest.value;
  }) as SharedRead<T>;
  shared.up = () => ok;
  return shared;
}

export type FigureMetric<T> = (name: string, help: string, labelNames: string[], fill: (record: (labels: LabelValues<string>, value: number) => void, figures: T) => void) => void;

/**
 * Defines metrics of one kind whose every series is rebuilt from the shared read at each scrape; while no read has
 * succeeded yet, a metric shows nothing.
 */
export function metricsFromFigures<T>(registry: Registry, figures: SharedRead<T>, kind: typeof Counter | typeof Gauge): FigureMetric<T> {
  return (name, help, labelNames, fill) => {
    const metric: Counter | Gauge = new kind({ name, help, labelNames, registers: [registry], async collect() {
      const read = await figures();
      if (!read) return;
      metric.reset();
      fill((labels, value) => (metric instanceof Counter ? metric.inc(labels, value) : metric.set(labels, value)), read);
    } });
  };
}
