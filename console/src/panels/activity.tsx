import { useEffect, useState } from 'preact/hooks';
import { Loading, Panel, WebUiLink } from '../components';
import type { StreamEvent } from '../event-stream';
import { formatPrice, formatTime, formatUnits } from '../format';
import { useLive, useResource } from '../live';

interface Order {
  id: number; clientOrderId: string; instrument: string; units: number; type: string; status: string; fillPrice: number | null;
  rejectReason: string | null; source: string; strategy: string | null; workflowId: string | null; createdAt: string;
}

/** The latest orders either path sent, updated as each is placed, filled or refused. */
export function RecentOrders() {
  const { accountId } = useLive();
  const orders = useResource<{ items: Order[] }>(`/api/orders?limit=15&accountId=${accountId}`, { refreshOn: ['order'] });
  return (
    <Panel title="Recent orders" id="orders">
      {!orders.data ? <Loading error={orders.error} /> : (
        <table>
          <thead><tr><th>Time</th><th>Instrument</th><th class="number">Units</th><th>Type</th><th>Status</th><th class="number">Fill</th><th>Path</th></tr></thead>
          <tbody>
            {orders.data.items.length === 0 && <tr><td colSpan={7} class="muted">No orders yet.</td></tr>}
            {orders.data.items.map((order) => (
              <tr key={order.id} data-client-order-id={order.clientOrderId} title={order.rejectReason ?? order.clientOrderId}>
                <td>{formatTime(order.createdAt)}</td><td>{order.instrument}</td><td class="number">{formatUnits(order.units)}</td><td>{order.type}</td>
                <td><span class={`badge order-${order.status}`}>{order.status}</span></td><td class="number">{formatPrice(order.fillPrice)}</td>
                <td>{order.source}{order.workflowId ? <span class="muted"> · {order.workflowId}</span> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}

const KEPT_EVENTS = 50;
const describe = (event: StreamEvent): string => {
  const data = event.data;
  switch (event.event) {
    case 'audit': return `${String(data.action)} by ${String(data.actor)}${data.reason ? `: ${String(data.reason)}` : ''}`;
    case 'order': return `order ${String(data.clientOrderId ?? data.id)} ${String(data.status ?? '')}`;
    case 'fill': return `fill ${String(data.instrument ?? '')} ${String(data.units ?? '')} @ ${String(data.priceQuote ?? '')}`;
    case 'trading_state': return `trading ${String(data.scope ?? '')} → ${String(data.state ?? '')}`;
    case 'workflow': return `${String(data.type)} ${String(data.workflowId)} ${String(data.status)}${data.stage ? ` (${String(data.stage)})` : ''}`;
    case 'hot_path': return `${String(data.instrument)} position ${String(data.positionUnits)}${data.lastDecision ? `, last decision ${String((data.lastDecision as { outcome?: string }).outcome)}` : ''}`;
    case 'reset': return 'missed events are no longer kept: panels re-read';
    default: return JSON.stringify(data).slice(0, 160);
  }
};

/** Every event the stream brought since the page opened, newest first. */
export function LiveEvents() {
  const { bus } = useLive();
  const [events, setEvents] = useState<StreamEvent[]>([]);
  useEffect(() => bus.subscribe(['audit', 'order', 'fill', 'trading_state', 'strategy_activated', 'health', 'workflow', 'hot_path'], (event) => {
    setEvents((previous) => [event, ...previous].slice(0, KEPT_EVENTS));
  }), []);
  return (
    <Panel title="Live events" id="events">
      <ol class="events" aria-live="polite">
        {events.length === 0 && <li class="muted">Waiting for events…</li>}
        {events.map((event) => (
          <li key={`${event.event}-${event.id}`}>
            <span class="event-type">{event.event}</span> {describe(event)} <WebUiLink url={event.data.webUiUrl as string | undefined} />
          </li>
        ))}
      </ol>
    </Panel>
  );
}
