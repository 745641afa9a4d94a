import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import type { Broker } from '../../domain/broker/broker';
import { registryFigures } from '../../domain/broker/account';
import { DecisionEngine } from '../../domain/execution/decision-engine';
import type { EngineEvent, OrderRejection } from '../../domain/execution/engine-types';
import type { Quote } from '../../domain/market';
import type { TradingState } from '../../domain/risk/trading-state';
import type { Database } from '../../infra/db/client';
import { fillRow } from '../../infra/db/queries/fills';
import { ensureAccountRecorded, writeHotPathRecords, type HotPathRecord } from '../../infra/db/queries/hot-path';
import { publishHotPathStatus } from '../../infra/db/queries/hot-path-status';
import { insertSubmittingOrder } from '../../infra/db/queries/orders';
import { activeStrategyParams } from '../../infra/db/queries/strategy-params';
import { effectiveTradingState } from '../../infra/db/queries/trading-state';
import type { Logger } from '../../infra/logging';
import { engineConfigFrom, type HotPathConfig } from './config';
import { ControlListener, type ControlChannel } from './control-listener';
import { ControlState, restrictionFor } from './control-state';
import { decisionRecord } from './decision-record';
import { DecisionTally } from './decision-tally';
import { requestEmergencyStop } from './escalation';
import type { HotPathMetrics } from './metrics';
import { OrderPlacer } from './order-placer';
import { rebuildStartupState } from './reconcile';
import { RecordQueue } from './record-queue';
import { settleSubmittingOrders } from './stale-orders';
import { TransactionFollower, type FollowedFill } from './transaction-follower';
import { VenueClock } from './venue-clock';
import { warmUpFromCandleHistory } from './warm-up';

export interface HotPathDeps {
  config: HotPathConfig;
  broker: Broker;
  db: Database;
  /** For the dedicated LISTEN connection. */
  connectionString: string;
  temporal: Client;
  metrics: HotPathMetrics;
  logger: Logger;
}

const CLOCK_TICK_MS = 100;
const RECONCILE_RETRY_MS = 2_000;
const PLACEMENT_GRACE_MS = 5_000;

/**
 * The process shell around the decision engine: price stream in, intents out to the broker, fills back from the
 * broker's transactions, every decision, order and fill to Postgres through the bounded writer, parameters and
 * trading state from Postgres, escalations to Temporal. Nothing on the tick path awaits I/O.
 */
export class HotPathService {
  private readonly engine: DecisionEngine;
  private readonly queue: RecordQueue<HotPathRecord>;
  private readonly placer: OrderPlacer;
  private readonly clock = new VenueClock();
  private readonly abort = new AbortController();
  private readonly placements = new Set<Promise<void>>();
  private readonly loops: Promise<void>[] = [];
  private follower: TransactionFollower | undefined;
  private readonly control = new ControlState();
  private markStopped: () => void = () => undefined;
  private readonly stopped = new Promise<void>((resolve) => (this.markStopped = resolve));
  private paramsVersion: string | undefined;
  private readonly tally: DecisionTally;
  private readonly startedAt = new Date();
  private reconciledAt: Date | undefined;
  private warmedUpBars: Record<string, number> = {};

  constructor(private readonly deps: HotPathDeps) {
    const { config, metrics, logger } = deps;
    this.engine = new DecisionEngine(engineConfigFrom(config));
    this.tally = new DecisionTally(config.hotPath.HOT_PATH_INSTRUMENTS);
    this.queue = new RecordQueue<HotPathRecord>({
      sink: (batch) => writeHotPathRecords(deps.db, batch),
      capacity: config.hotPath.HOT_PATH_WRITER_CAPACITY,
      batchSize: config.hotPath.HOT_PATH_WRITER_BATCH_SIZE,
      flushIntervalMs: config.hotPath.HOT_PATH_WRITER_FLUSH_MS,
      onFull: (alarm) => {
        this.engine.setTradingState('writer', 'HALTED');
        metrics.writerFull.set(1);
        logger.error({ alarm: 'hot-path-writer-full', ...alarm }, 'ALARM: the record writer is full; trading HALTED until Postgres catches up');
      },
      onDrained: () => {
        this.engine.setTradingState('writer', 'ACTIVE');
        metrics.writerFull.set(0);
        logger.warn('the record writer caught up; the writer halt is lifted');
      },
      onSinkError: (error, attempt, retryInMs) => logger.warn({ err: error, attempt, retryInMs }, 'writing hot-path records failed; retrying the same batch'),
    });
    this.placer = new OrderPlacer({
      broker: deps.broker,
      lastTransactionId: () => this.follower?.lastTransactionId ?? '',
      writeAhead: (row) => insertSubmittingOrder(deps.db, row),
      record: (record) => this.queue.offer(record),
      tradingState: () => this.engine.tradingState,
      onRejected: (rejection) => this.onRejected(rejection),
      onAbandoned: (clientOrderId) => this.engine.onAbandoned(clientOrderId),
      metrics,
      logger,
      clock: () => this.clock.now(),
      signal: this.abort.signal,
    });
  }

  /** Starts every loop; trading begins once reconciliation succeeded, which this waits for. */
  async start(): Promise<void> {
    const { config, logger } = this.deps;
    await this.refresh('trading_state_changed');
    await this.warmUp();
    await this.refresh('strategy_params_activated');
    // Bars build (and decisions are recorded as not-reconciled) while reconciliation runs.
    const stream = this.streamPrices();
    // Seen by whenStopped(); until then this keeps a stream failure during reconciliation from being unhandled.
    stream.catch(() => undefined);
    this.loops.push(stream);
    this.loops.push(this.runClock(), this.publishStatus());
    await this.reconcile();
    if (!this.follower) return; // stopped before reconciliation succeeded
    const listener = new ControlListener(this.deps.connectionString, (channel, payload) => this.refresh(channel, payload), config.hotPath.HOT_PATH_POLL_INTERVAL_MS, logger);
    this.loops.push(listener.run(this.abort.signal));
    this.loops.push(this.follower.run(config.hotPath.HOT_PATH_TRANSACTION_POLL_MS, this.abort.signal));
  }

  /**
   * Candle history first, so the strategies are warm when the first live bar completes. A broker that cannot give
   * history delays trading by a warm-up, not the start: the strategies then warm up on live bars.
   */
  private async warmUp(): Promise<void> {
    const { broker, config, logger } = this.deps;
    const { HOT_PATH_INSTRUMENTS, HOT_PATH_GRANULARITY, HOT_PATH_WARMUP_CANDLES } = config.hotPath;
    if (HOT_PATH_WARMUP_CANDLES === 0) return;
    try {
      this.warmedUpBars = await warmUpFromCandleHistory(broker, this.engine, HOT_PATH_INSTRUMENTS, HOT_PATH_GRANULARITY, HOT_PATH_WARMUP_CANDLES);
      logger.info({ bars: this.warmedUpBars, granularity: HOT_PATH_GRANULARITY }, 'warmed up from the broker\'s candle history');
    } catch (error) {
      logger.warn({ err: error }, 'could not read candle history: the strategies warm up on live bars');
    }
  }

  /** Resolves once stop() has finished (every record written); rejects when a loop fails (e.g. the broker refuses the token). */
  whenStopped(): Promise<void> {
    return Promise.all(this.loops).then(() => this.stopped);
  }

  /**
   * Stops the loops, gives orders already sent a few seconds to get their answer, and writes every record. An order
   * still unanswered stays 'submitting' in Postgres and is settled from the venue at the next start.
   */
  async stop(): Promise<void> {
    await Promise.race([Promise.all([...this.placements]), sleep(PLACEMENT_GRACE_MS, undefined, { ref: false })]);
    await this.follower?.poll().catch((error: unknown) => this.deps.logger.warn({ err: error }, 'last read of broker transactions failed'));
    this.abort.abort();
    await Promise.allSettled(this.loops);
    await this.queue.close();
    this.markStopped();
  }

  status() {
    const { config } = this.deps;
    const firstPossibleDecisionAtMs = this.tally.firstPossibleDecisionAtMs;
    return {
      accountId: config.broker.accountId,
      startedAt: this.startedAt.toISOString(),
      reconciledAt: this.reconciledAt?.toISOString() ?? null,
      firstPossibleDecisionAt: firstPossibleDecisionAtMs === undefined ? null : new Date(firstPossibleDecisionAtMs).toISOString(),
      reconciled: this.engine.isReconciled,
      tradingState: this.engine.tradingState,
      controlTradingState: this.control.state,
      controlTradingStateSince: this.control.since.toISOString(),
      strategy: config.hotPath.HOT_PATH_STRATEGY,
      paramsVersion: this.paramsVersion ?? null,
      granularity: config.hotPath.HOT_PATH_GRANULARITY,
      instruments: config.hotPath.HOT_PATH_INSTRUMENTS.map((instrument) => ({
        instrument,
        positionUnits: this.engine.positionUnits(instrument),
        tradeable: this.engine.isTradeable(instrument),
        paramsVersion: this.engine.paramsVersion(instrument) || null,
        warmedUpFromHistoryBars: this.warmedUpBars[instrument] ?? 0,
        warmupBarsLeft: this.engine.warmupBarsLeft(instrument),
        ...this.tally.status(instrument),
      })),
      navUsd: this.engine.navUsd(),
      dailyPnlUsd: this.engine.dailyPnlUsd(),
      writer: { depth: this.queue.depth, full: this.queue.isFull },
      ordersInFlight: this.placements.size,
      breakers: this.engine.breakerBoard.breakers,
    };
  }

  private async reconcile(): Promise<void> {
    const { broker, db, config, logger, metrics } = this.deps;
    while (!this.abort.signal.aborted) {
      try {
        await ensureAccountRecorded(db, broker.accountId, config.broker.venue, registryFigures(await broker.accountSummary()));
        const settled = await settleSubmittingOrders(broker, db, (record) => this.queue.offer(record));
        const startup = await rebuildStartupState(broker, db, config.hotPath.HOT_PATH_INSTRUMENTS, this.clock.now(), 60_000);
        this.follower = new TransactionFollower(broker, startup.lastTransactionId, (fill) => this.onFill(fill), (error) => logger.warn({ err: error }, 'reading broker transactions failed'));
        this.engine.reconcile(startup.account, this.clock.now());
        this.reconciledAt = new Date();
        metrics.reconciled.set(1);
        logger.info({ positions: startup.account.positions, balanceUsd: startup.account.balanceUsd, dailyRealizedPnlUsd: startup.account.dailyRealizedPnlUsd, settledOrders: settled, lastTransactionId: startup.lastTransactionId }, 'reconciled with the broker and Postgres; trading allowed');
        return;
      } catch (error) {
        logger.error({ err: error, retryInMs: RECONCILE_RETRY_MS }, 'reconciliation failed; not trading until it succeeds');
        await sleep(RECONCILE_RETRY_MS, undefined, { signal: this.abort.signal }).catch(() => undefined);
      }
    }
  }

  private async streamPrices(): Promise<void> {
    const { broker, config, logger, metrics } = this.deps;
    for await (const event of broker.streamPrices(config.hotPath.HOT_PATH_INSTRUMENTS, { signal: this.abort.signal })) {
      if (event.type === 'price') this.onQuote(event);
      else if (event.type === 'reconnect') {
        metrics.streamReconnects.inc();
        logger.warn({ attempt: event.attempt, reason: event.reason, delayMs: event.delayMs }, 'price stream reconnecting');
      }
    }
  }

  private onQuote(quote: Quote): void {
    const receivedNs = process.hrtime.bigint();
    this.clock.observe(quote.timeMs);
    const events = this.engine.onQuote(quote, this.clock.now());
    const latencyNs = Number(process.hrtime.bigint() - receivedNs);
    const { metrics } = this.deps;
    metrics.decisionLatency.observe(latencyNs / 1e9);
    metrics.ticks.inc({ instrument: quote.instrument });
    if (events.length > 0) this.handle(events, receivedNs, latencyNs);
  }

  private onFill({ report, transaction }: FollowedFill): void {
    const { config, metrics } = this.deps;
    metrics.fills.inc({ reason: report.reason });
    const row = fillRow(config.broker.accountId, transaction, report.reason === 'order' ? 'hot_path' : 'venue');
    if (row) this.queue.offer({ kind: 'fill', row });
    if (config.hotPath.HOT_PATH_INSTRUMENTS.includes(report.instrument)) this.handle(this.engine.onFill(report, this.clock.now()));
  }

  private onRejected(rejection: OrderRejection): void {
    this.tally.onVenueRejection(rejection.instrument, rejection.clientOrderId, rejection.reason, Date.now());
    try {
      this.handle(this.engine.onReject(rejection, this.clock.now()));
    } catch (error) {
      // Its fill was already applied (a lost answer, then a refused retry): the position is right, nothing to undo.
      this.deps.logger.warn({ err: error, clientOrderId: rejection.clientOrderId }, 'a reject arrived for an order no longer in flight');
    }
  }

  private handle(events: readonly EngineEvent[], tickReceivedNs = process.hrtime.bigint(), decisionLatencyNs = 0): void {
    const { metrics, logger } = this.deps;
    for (const event of events) {
      if (event.type === 'decision') {
        const { decision } = event;
        this.queue.offer(decisionRecord(decision, decisionLatencyNs));
        this.tally.onDecision(decision);
        metrics.decisions.inc({ instrument: decision.instrument, outcome: decision.outcome });
        if (decision.intent) {
          const placement: Promise<void> = this.placer.place(decision.intent, tickReceivedNs)
            .catch((error: unknown) => logger.error({ err: error, clientOrderId: decision.intent?.clientOrderId }, 'order placement failed unexpectedly'))
            .finally(() => this.placements.delete(placement));
          this.placements.add(placement);
        }
      } else if (event.type === 'breaker') {
        logger.warn({ breaker: event.event }, 'hot-path breaker changed');
      } else {
        this.escalate(event.escalation);
      }
    }
  }

  private escalate(escalation: Extract<EngineEvent, { type: 'escalation' }>['escalation']): void {
    const { temporal, config, logger, metrics } = this.deps;
    metrics.escalations.inc({ breaker: escalation.breaker });
    logger.error({ escalation }, 'breaker tripped to HALTED; requesting the emergency stop');
    requestEmergencyStop(temporal, config.TEMPORAL_TASK_QUEUE, config.broker.accountId, escalation).then(
      (workflowId) => logger.info({ workflowId }, 'emergency stop requested'),
      (error: unknown) => logger.error({ err: error }, 'could not request the emergency stop; the engine stays HALTED'),
    );
  }

  private async refresh(channel: ControlChannel, payload?: string): Promise<void> {
    const { db, config, logger, metrics } = this.deps;
    if (channel === 'trading_state_changed') {
      const restriction = restrictionFor(config.broker.accountId, payload);
      if (restriction && this.control.restrict(restriction)) this.applyControlState({ state: this.control.state, reason: 'notification' });
      const token = this.control.beginRead();
      const effective = await effectiveTradingState(db, config.broker.accountId);
      if (this.control.applyRead(token, effective.state)) this.applyControlState(effective);
      return;
    }
    const strategy = config.hotPath.HOT_PATH_STRATEGY;
    const active = await activeStrategyParams(db, strategy);
    if (!active) {
      if (this.paramsVersion === undefined) logger.warn({ strategy }, 'no active strategy_params version: not trading until one is activated');
      return;
    }
    const version = String(active.version);
    if (version === this.paramsVersion) return;
    try {
      this.engine.activateParams(strategy, version, active.params);
    } catch (error) {
      logger.error({ err: error, strategy, version }, 'refused to activate invalid parameters; trading the previous version');
      return;
    }
    this.paramsVersion = version;
    metrics.paramsVersion.set({ strategy }, active.version);
    logger.info({ strategy, version, params: active.params }, 'strategy parameters activated');
  }

  private applyControlState(effective: { state: TradingState; scope?: string; reason?: string }): void {
    this.engine.setTradingState('cold-path', this.control.state);
    this.deps.logger.warn({ state: this.control.state, scope: effective.scope, reason: effective.reason }, 'trading state changed');
  }

  private async runClock(): Promise<void> {
    const { metrics, config } = this.deps;
    while (!this.abort.signal.aborted) {
      this.handle(this.engine.onClock(this.clock.now()));
      this.queue.pump();
      metrics.writerQueueDepth.set(this.queue.depth);
      metrics.setTradingState(this.engine.tradingState);
      for (const instrument of config.hotPath.HOT_PATH_INSTRUMENTS) metrics.warmupBarsLeft.set({ instrument }, this.engine.warmupBarsLeft(instrument));
      await sleep(CLOCK_TICK_MS, undefined, { signal: this.abort.signal }).catch(() => undefined);
    }
  }

  /** The status, in Postgres every few seconds: the api serves it as GET /api/hot-path. */
  private async publishStatus(): Promise<void> {
    const { db, config, logger } = this.deps;
    const processKey = `${config.broker.accountId}/${config.hotPath.HOT_PATH_INSTRUMENTS.join(',')}`;
    while (!this.abort.signal.aborted) {
      await publishHotPathStatus(db, { processKey, accountId: config.broker.accountId, startedAt: this.startedAt, status: this.status() })
        .catch((error: unknown) => logger.warn({ err: error }, 'could not publish the hot-path status'));
      await sleep(config.hotPath.HOT_PATH_STATUS_INTERVAL_MS, undefined, { signal: this.abort.signal }).catch(() => undefined);
    }
  }
}
