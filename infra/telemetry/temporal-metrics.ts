import type { Client } from '@temporalio/client';
import { Counter, Gauge, type Registry } from 'prom-client';
import { EMERGENCY_STOP_WORKFLOW } from '../../workflows/definitions/emergency-stop';
import { sharedRead } from './scrape-cache';

export interface ScheduleFigures {
  scheduleId: string;
  paused: boolean;
  /** The last action taken, or the schedule's creation when it has taken none yet: what "overdue" counts from. */
  lastActionAtMs: number;
  nextActionAtMs?: number;
  intervalMs?: number;
  actionsTaken: number;
}

export interface TemporalFigures {
  schedules: ScheduleFigures[];
  emergencyStopsRunning: number;
}

export async function readTemporalFigures(client: Client): Promise<TemporalFigures> {
  const ids: string[] = [];
  for await (const summary of client.schedule.list()) ids.push(summary.scheduleId);
  const [schedules, { count }] = await Promise.all([
    Promise.all(ids.map((scheduleId) => describeSchedule(client, scheduleId))),
    client.workflow.count(`WorkflowType = '${EMERGENCY_STOP_WORKFLOW}' AND ExecutionStatus = 'Running'`),
  ]);
  return { schedules, emergencyStopsRunning: count };
}

async function describeSchedule(client: Client, scheduleId: string): Promise<ScheduleFigures> {
  const description = await client.schedule.getHandle(scheduleId).describe();
  const lastAction = description.info.recentActions.at(-1)?.takenAt ?? description.info.createdAt;
  return {
    scheduleId,
    paused: description.state.paused,
    lastActionAtMs: lastAction.getTime(),
    nextActionAtMs: description.info.nextActionTimes[0]?.getTime(),
    intervalMs: description.spec.intervals?.[0]?.every,
    actionsTaken: description.info.numActionsTaken,
  };
}

/** What only Temporal knows: each schedule's runs and whether it is overdue, and how many emergency stops are running. */
export function registerTemporalMetrics(registry: Registry, client: Client): void {
  const figures = sharedRead(() => readTemporalFigures(client));
  const registers = [registry];
  const perSchedule = (name: string, help: string, value: (schedule: ScheduleFigures) => number | undefined) => {
    const gauge: Gauge = new Gauge({ name, help, labelNames: ['schedule'], registers, async collect() {
      const read = await figures();
      if (!read) return;
      gauge.reset();
      for (const schedule of read.schedules) {
        const figure = value(schedule);
        if (figure !== undefined) gauge.set({ schedule: schedule.scheduleId }, figure);
      }
    } });
  };
  perSchedule('schedule_last_action_timestamp_seconds', 'When the schedule last started a workflow (its creation if it has not yet)', (schedule) => schedule.lastActionAtMs / 1000);
  perSchedule('schedule_next_action_timestamp_seconds', 'When the schedule will next start a workflow', (schedule) => (schedule.nextActionAtMs === undefined ? undefined : schedule.nextActionAtMs / 1000));
  perSchedule('schedule_interval_seconds', 'The schedule\'s interval', (schedule) => (schedule.intervalMs === undefined ? undefined : schedule.intervalMs / 1000));
  perSchedule('schedule_paused', '1 while the schedule is paused', (schedule) => (schedule.paused ? 1 : 0));

  const runs: Counter = new Counter({
    name: 'schedule_runs_total', help: 'Workflows the schedule has started since it was created', labelNames: ['schedule'], registers,
    async collect() {
      const read = await figures();
      if (!read) return;
      runs.reset();
      for (const schedule of read.schedules) runs.inc({ schedule: schedule.scheduleId }, schedule.actionsTaken);
    },
  });
  const emergencyStops: Gauge = new Gauge({
    name: 'emergency_stops_running', help: 'Emergency-stop workflows running now (cancelling and closing until flat)', registers,
    async collect() {
      const read = await figures();
      if (read) emergencyStops.set(read.emergencyStopsRunning);
    },
  });
  const up: Gauge = new Gauge({
    name: 'temporal_figures_up', help: '1 when the latest read of schedules and running emergency stops from Temporal succeeded', registers,
    async collect() {
      await figures();
      up.set(figures.up() ? 1 : 0);
    },
  });
}
