const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const units = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export const formatMoney = (value: number | null | undefined): string => (value === null || value === undefined ? '—' : money.format(value));
export const formatUnits = (value: number | null | undefined): string => (value === null || value === undefined ? '—' : units.format(value));
export const formatPrice = (value: number | null | undefined): string => (value === null || value === undefined ? '—' : String(value));
export const formatPercent = (value: number | null | undefined): string => (value === null || value === undefined ? '—' : `${(value * 100).toFixed(2)} %`);

/** A timestamp as the operator's local time of day, with the date when it is not today. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  const sameDay = date.toDateString() === new Date().toDateString();
  return sameDay ? date.toLocaleTimeString() : date.toLocaleString();
}

export const signClass = (value: number | null | undefined): string => (!value ? '' : value > 0 ? 'gain' : 'loss');
