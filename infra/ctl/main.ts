import { parseArgs } from 'node:util';
import { ApiCallError, openApiSession, type ApiSession } from './api-session';

const HELP = `Usage: bin/ctl <command> [options]

Operates the running system through its REST api, as the key's identity (every change is audited as it).

  status                                    trading state, health, running workflows, pending approvals
  positions                                 the account's open positions and P/L, from the broker
  approvals                                 rebalances waiting for a decision
  stop --reason TEXT                        HALTED at once: neither path opens an order; positions stay
  reduce-only --reason TEXT                 only orders that shrink a position pass
  resume --reason TEXT                      back to ACTIVE (refused while a breaker or an emergency stop holds)
  emergency-stop --reason TEXT --yes        HALTED, then cancel entry orders and close every position
  approve WORKFLOW_ID [--reason TEXT]       approve a rebalance waiting for it
  reject WORKFLOW_ID [--reason TEXT]        reject it

Options:
  --account ID     the account (default: the api's first account); --system acts on every account instead
  --url URL        the api (default TRADE_API_URL, else http://127.0.0.1:8080)
  --key-file FILE  the file holding the api key (default: TRADE_API_KEY, else .data/api-key as bin/start writes it)
  --json           print the api's answer as JSON, for scripts
Exit status: 0 done, 1 refused or failed (the api's reason is printed), 2 bad usage.`;

class UsageError extends Error {}

interface Options {
  account?: string;
  system?: boolean;
  reason?: string;
  yes?: boolean;
  json?: boolean;
}

type Printer = (text: string) => void;

async function accountOf(api: ApiSession, options: Options): Promise<string> {
  if (options.account) return options.account;
  const { items } = await api.get<{ items: Array<{ id: string }> }>('/api/accounts');
  if (items.length === 0) throw new Error('the api knows no account');
  return items[0]!.id;
}

async function scopeOf(api: ApiSession, options: Options, reason: string): Promise<Record<string, unknown>> {
  return options.system ? { scope: 'system', reason } : { scope: 'account', accountId: await accountOf(api, options), reason };
}

function requireReason(options: Options): string {
  if (!options.reason?.trim()) throw new UsageError('--reason is required: it is recorded in the audit log');
  return options.reason;
}

const COMMANDS: Record<string, (api: ApiSession, options: Options, args: string[], print: Printer) => Promise<unknown>> = {
  async status(api, options, _args, print) {
    const accountId = await accountOf(api, options);
    const [risk, health, workflows, approvals] = await Promise.all([
      api.get<{ tradingState: { state: string; reasons?: string[] } }>(`/api/risk/${accountId}`),
      api.get<{ overall: string; components: Array<{ component: string; status: string }> }>('/api/system/health'),
      api.get<{ running: Array<{ workflowId: string; type: string; stage: string | null }> }>('/api/workflows?limit=50'),
      api.get<{ items: unknown[] }>('/api/approvals'),
    ]);
    print(`account ${accountId}: trading ${risk.tradingState.state}${risk.tradingState.reasons?.length ? ` (${risk.tradingState.reasons.join('; ')})` : ''}`);
    print(`health ${health.overall}: ${health.components.map((component) => `${component.component} ${component.status}`).join(', ')}`);
    print(`${workflows.running.length} workflow(s) running${workflows.running.map((run) => `\n  ${run.type.padEnd(20)} ${run.workflowId}${run.stage ? ` (${run.stage})` : ''}`).join('')}`);
    print(`${approvals.items.length} approval(s) pending`);
    return { accountId, tradingState: risk.tradingState, health, running: workflows.running, pendingApprovals: approvals.items.length };
  },
  async positions(api, options, _args, print) {
    const state = await api.get<{ summary: { nav: number; currency: string; unrealizedPl: number; dailyPnl: number }; positions: Array<{ instrument: string; netUnits: number; unrealizedPl: number; stopLossPrice: number | null; takeProfitPrice: number | null }> }>(`/api/accounts/${await accountOf(api, options)}/state`);
    print(`NAV ${state.summary.nav.toFixed(2)} ${state.summary.currency}, unrealized ${state.summary.unrealizedPl.toFixed(2)}, P/L today ${state.summary.dailyPnl.toFixed(2)}`);
    if (state.positions.length === 0) print('flat');
    for (const position of state.positions) {
      print(`${position.instrument.padEnd(8)} ${String(position.netUnits).padStart(10)}  P/L ${position.unrealizedPl.toFixed(2).padStart(10)}  SL ${position.stopLossPrice ?? '—'}  TP ${position.takeProfitPrice ?? '—'}`);
    }
    return state;
  },
  async approvals(api, _options, _args, print) {
    const { items } = await api.get<{ items: Array<{ workflowId: string; accountId: string; totalNotionalUsd: number; deadline: string; orders: Array<{ instrument: string; units: number }> }> }>('/api/approvals');
    if (items.length === 0) print('nothing waits for approval');
    for (const item of items) {
      print(`${item.workflowId}  ${item.accountId}  ${item.totalNotionalUsd.toFixed(0)} USD  by ${item.deadline}: ${item.orders.map((order) => `${order.instrument} ${order.units}`).join(', ')}`);
    }
    return items;
  },
  stop: (api, options, _args, print) => control(api, options, 'stop', print),
  'reduce-only': (api, options, _args, print) => control(api, options, 'reduce-only', print),
  resume: (api, options, _args, print) => control(api, options, 'resume', print),
  async 'emergency-stop'(api, options, _args, print) {
    if (!options.yes) throw new UsageError('emergency-stop closes every position: add --yes to confirm');
    return control(api, options, 'emergency-stop', print);
  },
  approve: (api, options, args, print) => decide(api, options, args, 'approve', print),
  reject: (api, options, args, print) => decide(api, options, args, 'reject', print),
};

async function control(api: ApiSession, options: Options, action: string, print: Printer) {
  const body = await scopeOf(api, options, requireReason(options));
  const answer = await api.post<{ scope: string; tradingState: string; webUiUrl?: string }>(`/api/system/control/${action}`, action === 'emergency-stop' ? { ...body, closePositions: true } : body);
  print(`${action}: ${answer.scope} is ${answer.tradingState}${answer.webUiUrl ? `; the stop runs: ${answer.webUiUrl}` : ''}`);
  return answer;
}

async function decide(api: ApiSession, options: Options, args: string[], decision: 'approve' | 'reject', print: Printer) {
  const [workflowId] = args;
  if (!workflowId) throw new UsageError(`${decision} needs the workflow id (bin/ctl approvals lists them)`);
  const answer = await api.post(`/api/workflows/${encodeURIComponent(workflowId)}/signals/${decision}`, options.reason ? { reason: options.reason } : {});
  print(`${decision}: sent to ${workflowId}`);
  return answer;
}

export async function runCtl(argv: string[], write: (text: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv, allowPositionals: true,
      options: {
        account: { type: 'string' }, system: { type: 'boolean' }, reason: { type: 'string' }, yes: { type: 'boolean' }, json: { type: 'boolean' },
        url: { type: 'string' }, 'key-file': { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    write(`${(error as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  const { values, positionals: [command, ...args] } = parsed;
  const run = command ? COMMANDS[command] : undefined;
  if (values.help || !run) {
    write(`${command && !values.help ? `unknown command: ${command}\n\n` : ''}${HELP}\n`);
    return values.help ? 0 : 2;
  }
  const lines: string[] = [];
  try {
    if (values.system && values.account) throw new UsageError('--system and --account exclude each other');
    const api = openApiSession({ url: values.url, keyFile: values['key-file'] }, env);
    const answer = await run(api, values, args, (line) => lines.push(line));
    write(values.json ? `${JSON.stringify(answer, null, 2)}\n` : `${lines.join('\n')}\n`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      write(`${error.message}\n`);
      return 2;
    }
    write(`${error instanceof ApiCallError ? `refused (HTTP ${error.status})` : 'failed'}: ${(error as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) {
  runCtl(process.argv.slice(2), (text) => process.stdout.write(text)).then(
    (code) => { process.exitCode = code; },
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
