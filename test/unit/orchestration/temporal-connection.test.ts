import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../../infra/config';
import { temporalConnectionOptions } from '../../../infra/orchestration/temporal-connection';

describe('how the processes reach Temporal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'temporal-tls-'));
  const cert = join(dir, 'client.pem');
  const key = join(dir, 'client.key');
  writeFileSync(cert, 'CERT');
  writeFileSync(key, 'KEY');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const local = { TEMPORAL_ADDRESS: '127.0.0.1:7233', TEMPORAL_TLS: false };

  it('connects to a local server by address only, as the dev server wants', () => {
    expect(temporalConnectionOptions(local)).toEqual({ address: '127.0.0.1:7233' });
    expect(loadConfig({}).temporal).toEqual({ address: '127.0.0.1:7233' });
  });

  it('uses mTLS with the client certificate and key read from their files (Temporal Cloud)', () => {
    const options = temporalConnectionOptions({ ...local, TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233', TEMPORAL_TLS_CERT_PATH: cert, TEMPORAL_TLS_KEY_PATH: key });
    expect(options).toEqual({ address: 'ns.acct.tmprl.cloud:7233', tls: { clientCertPair: { crt: Buffer.from('CERT'), key: Buffer.from('KEY') } } });
  });

  it('sends an API key over TLS', () => {
    expect(temporalConnectionOptions({ ...local, TEMPORAL_API_KEY: 'secret' })).toEqual({ address: '127.0.0.1:7233', tls: {}, apiKey: 'secret' });
  });

  it('refuses half a client certificate, an unreadable file, and TLS options with TLS off, naming the variables', () => {
    expect(() => loadConfig({ TEMPORAL_TLS_CERT_PATH: cert })).toThrow(/TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH: a client certificate needs both/);
    expect(() => loadConfig({ TEMPORAL_TLS_CERT_PATH: cert, TEMPORAL_TLS_KEY_PATH: join(dir, 'missing.key') })).toThrow(/TEMPORAL_TLS_KEY_PATH: cannot read .*missing\.key \(ENOENT\)/);
    expect(() => loadConfig({ TEMPORAL_TLS_SERVER_NAME: 'x' })).toThrow(ConfigError);
    expect(loadConfig({ TEMPORAL_TLS: 'true', TEMPORAL_TLS_SERVER_NAME: 'temporal.internal' }).temporal).toEqual({ address: '127.0.0.1:7233', tls: { serverNameOverride: 'temporal.internal' } });
  });
});
