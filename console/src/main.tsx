import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, createApi } from './api-client';
import { openEventStream, type StreamState } from './event-stream';
import { EventBus, LiveContext, type Live } from './live';
import { AccountSummary } from './panels/account';
import { LiveEvents, RecentOrders } from './panels/activity';
import { OpenBook, RecentFills } from './panels/book';
import { Breakers } from './panels/breakers';
import { HealthPanel } from './panels/health';
import { HotPath } from './panels/hot-path';
import { Schedules } from './panels/schedules';
import { Controls, StatusBar } from './panels/status';
import { Strategies } from './panels/strategies';
import { Approvals, Workflows } from './panels/workflows';
import './styles.css';

const KEY_STORAGE = 'trade-orchestrator.api-key';

/** Checks the key by reading the accounts (any role may): the first account is the one shown. */
async function signIn(key: string): Promise<string> {
  const api = createApi(key, () => undefined);
  const { items } = await api.get<{ items: Array<{ id: string }> }>('/api/accounts');
  if (items.length === 0) throw new Error('the api knows no account yet');
  const wanted = new URLSearchParams(location.search).get('account');
  return items.find((account) => account.id === wanted)?.id ?? items[0]!.id;
}

function SignIn({ onSignedIn }: { onSignedIn: (key: string, accountId: string) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(key.trim(), await signIn(key.trim()));
    } catch (failure) {
      setError(failure instanceof ApiError && failure.status === 401 ? `That key was refused: ${failure.message}` : String(failure instanceof Error ? failure.message : failure));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="sign-in" onSubmit={submit}>
      <h1>Trade Orchestrator</h1>
      <label>
        Api key
        <input type="password" name="api-key" autoComplete="off" value={key} onInput={(event) => setKey(event.currentTarget.value)} required />
      </label>
      <button type="submit" disabled={busy || key.trim() === ''}>Sign in</button>
      {error && <p class="error" role="alert">{error}</p>}
      <p class="muted">bin/start wrote an admin key to <code>.data/api-key</code>; <code>bin/admin keys create</code> makes others.</p>
    </form>
  );
}

function Dashboard({ live, apiKey, onSignOut, onAccountChange }: { live: Live; apiKey: string; onSignOut: () => void; onAccountChange: (accountId: string) => void }) {
  const [streamState, setStreamState] = useState<StreamState>('connecting');
  useEffect(() => openEventStream(apiKey, (event) => live.bus.publish(event), setStreamState), [live.bus]);
  return (
    <LiveContext.Provider value={live}>
      <StatusBar streamState={streamState} onSignOut={onSignOut} onAccountChange={onAccountChange} />
      {/* Keyed by account: another account's panels start afresh rather than show the last one's figures. */}
      <div class="grid" key={live.accountId}>
        <Controls />
        <AccountSummary />
        <Approvals />
        <OpenBook />
        <RecentOrders />
        <RecentFills />
        <Breakers />
        <LiveEvents />
        <Workflows />
        <HotPath />
        <Strategies />
        <Schedules />
        <HealthPanel />
      </div>
    </LiveContext.Provider>
  );
}

function App() {
  const [session, setSession] = useState<{ key: string; accountId: string }>();
  const signOut = () => {
    sessionStorage.removeItem(KEY_STORAGE);
    setSession(undefined);
  };
  useEffect(() => {
    const key = sessionStorage.getItem(KEY_STORAGE);
    if (key) signIn(key).then((accountId) => setSession({ key, accountId }), signOut);
  }, []);
  // One api client and event bus per sign-in; choosing another account keeps both (and the stream).
  const signedIn = useMemo(() => session && { api: createApi(session.key, signOut), bus: new EventBus() }, [session?.key]);
  const live = useMemo(() => signedIn && session && { ...signedIn, accountId: session.accountId }, [signedIn, session?.accountId]);
  if (!live) {
    return <SignIn onSignedIn={(key, accountId) => { sessionStorage.setItem(KEY_STORAGE, key); setSession({ key, accountId }); }} />;
  }
  const chooseAccount = (accountId: string) => {
    history.replaceState(null, '', `?account=${encodeURIComponent(accountId)}`);
    setSession({ key: session!.key, accountId });
  };
  return <Dashboard live={live} apiKey={session!.key} onSignOut={signOut} onAccountChange={chooseAccount} />;
}

const root = document.getElementById('console')!;
root.replaceChildren();
render(<App />, root);
