import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

export function Panel({ title, id, children, wide }: { title: string; id: string; children: ComponentChildren; wide?: boolean }) {
  return (
    <section class={wide ? 'panel wide' : 'panel'} aria-labelledby={`${id}-title`} data-panel={id}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </section>
  );
}

export function Loading({ error }: { error?: string }) {
  return error ? <p class="error" role="alert">{error}</p> : <p class="muted">Loading…</p>;
}

export function StateBadge({ state }: { state: string }) {
  return <span class={`badge state-${state.toLowerCase()}`} data-state={state}>{state}</span>;
}

/**
 * A button for an action that needs a reason (the api refuses it without one): pressed, it asks for the reason and,
 * when `confirmText` is set, for that text typed exactly, before it calls `run`. The answer or the error shows beside it.
 */
export function ReasonAction({ label, run, reasonRequired = true, confirmText, danger }: {
  label: string;
  run: (reason: string) => Promise<unknown>;
  reasonRequired?: boolean;
  confirmText?: string;
  danger?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string }>();
  const ready = (!reasonRequired || reason.trim() !== '') && (!confirmText || typed === confirmText) && !busy;

  async function submit(event: Event) {
    event.preventDefault();
    if (!ready) return;
    setBusy(true);
    try {
      await run(reason.trim());
      setOutcome({ ok: true, text: `${label}: done` });
      setOpen(false);
      setReason('');
      setTyped('');
    } catch (error) {
      setOutcome({ ok: false, text: `${label} refused: ${error instanceof Error ? error.message : String(error)}` });
    } finally {
      setBusy(false);
    }
  }

  if (!open) {
    return (
      <span class="action">
        <button type="button" class={danger ? 'danger' : ''} onClick={() => { setOpen(true); setOutcome(undefined); }}>{label}</button>
        {outcome && <span class={outcome.ok ? 'ok' : 'error'} role="status">{outcome.text}</span>}
      </span>
    );
  }
  return (
    <form class="action-form" onSubmit={submit} aria-label={label}>
      <label>
        Reason{reasonRequired ? '' : ' (optional)'}
        <input value={reason} onInput={(event) => setReason(event.currentTarget.value)} maxLength={500} autoFocus />
      </label>
      {confirmText && (
        <label>
          Type <kbd>{confirmText}</kbd> to confirm
          <input value={typed} onInput={(event) => setTyped(event.currentTarget.value)} />
        </label>
      )}
      <button type="submit" class={danger ? 'danger' : ''} disabled={!ready}>Confirm {label.toLowerCase()}</button>
      <button type="button" onClick={() => setOpen(false)}>Cancel</button>
      {outcome && !outcome.ok && <span class="error" role="alert">{outcome.text}</span>}
    </form>
  );
}

export function WebUiLink({ url }: { url: string | null | undefined }) {
  return url ? <a href={url} target="_blank" rel="noreferrer">Web UI</a> : null;
}
