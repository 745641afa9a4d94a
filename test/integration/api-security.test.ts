import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { Registry } from 'prom-client';
import request from 'supertest';
import { createApp } from '../../api/app';
import { loadConfig } from '../../infra/config';
import type { DatabaseHandle } from '../../infra/db/client';
import { revokeApiKey } from '../../infra/db/queries/api-keys';
import { createLogger } from '../../infra/logging';
import { findFreePort } from '../../infra/net/free-port';
import { createTemporalClient, type TemporalClientHandle } from '../../infra/orchestration/temporal-client';
import { bearer, issueTestKey } from '../helpers/api-keys';
import type { TestDatabase } from '../helpers/postgres';
import { createTradingDatabase, SIM_ACCOUNT_ID } from '../helpers/trading-database';

jest.setTimeout(60_000);

/**
 * The api's doors, in process against real Postgres: who may call what (api keys and JWTs, roles), the browser
 * guards (Host, content type, CORS, headers), rate limits, and bad input that must be a 4xx naming the field. Nothing
 * here reaches Temporal (an address nobody serves): every refusal happens before a workflow would start, and a halt
 * never needs it.
 */
describe('api identity, roles and input', () => {
  let testDatabase: TestDatabase;
  let database: DatabaseHandle;
  let temporal: TemporalClientHandle;
  let jwks: Server;
  let jwksUrl: string;
  let signingKey: KeyLike;
  const keys: Record<'viewer' | 'trader' | 'admin', string> = { viewer: '', trader: '', admin: '' };

  const app = (env: Record<string, string> = {}) => createApp({
    config: loadConfig({ AUTH_JWT_JWKS_URL: jwksUrl, AUTH_JWT_ISSUER: 'https://idp.test', AUTH_JWT_AUDIENCE: 'trade-orchestrator', ...env }),
    database, temporal, metrics: new Registry(), logger: createLogger('api-security-test', 'silent'),
  });
  const token = (claims: Record<string, unknown>, options: { audience?: string; expiresIn?: string } = {}) => new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: 'test' }).setIssuer('https://idp.test').setAudience(options.audience ?? 'trade-orchestrator')
    .setIssuedAt().setExpirationTime(options.expiresIn ?? '5m').sign(signingKey);
  const sql = async (text: string, values: unknown[] = []) => (await database.pool.query(text, values)).rows;

  beforeAll(async () => {
    ({ testDatabase, database } = await createTradingDatabase('api_security'));
    temporal = createTemporalClient({ address: `127.0.0.1:${await findFreePort()}` }, 'default');
    for (const role of ['viewer', 'trader', 'admin'] as const) keys[role] = await issueTestKey(database.db, `${role}-key`, role);
    const pair = await generateKeyPair('ES256');
    signingKey = pair.privateKey;
    const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'test', alg: 'ES256', use: 'sig' };
    jwks = createServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [publicJwk] })));
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
  });

  // Each test starts ACTIVE: a halt is undone in Postgres, as resume would (resume asks Temporal whether a stop runs).
  afterEach(async () => {
    await sql('delete from trading_state');
    await sql('delete from circuit_breakers');
  });

  afterAll(async () => {
    jwks?.close();
    await temporal?.close();
    await database?.close();
    await testDatabase?.drop();
  });

  it('refuses every call but the probes and the contract without a known credential, saying why', async () => {
    const api = app();
    expect((await request(api).get('/health')).status).toBe(200);
    expect((await request(api).get('/openapi.json')).status).toBe(200);
    const missing = await request(api).get('/api/orders');
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toContain('Bearer');
    expect(missing.body.error).toContain('missing credentials');
    expect((await request(api).get('/api/orders').set('authorization', 'Basic abc')).body.error).toContain('Bearer');
    expect((await request(api).get('/api/orders').set(bearer('tok_not-a-key'))).body.error).toBe('unknown or revoked api key');
    const unused = await issueTestKey(database.db, 'revoked-before-use', 'viewer');
    await revokeApiKey(database.db, 'revoked-before-use', 'test');
    expect((await request(api).get('/api/orders').set(bearer(unused))).status).toBe(401);
    expect((await request(api).post('/api/system/control/stop').send({ reason: 'anonymous' })).status).toBe(401);
    expect(await sql(`select 1 from trading_state`)).toEqual([]);
  });

  it('lets each role do its own and no more: 403 names the role needed', async () => {
    const api = app();
    expect((await request(api).get('/api/orders').set(bearer(keys.viewer))).status).toBe(200);
    const viewerTrades = await request(api).post('/api/workflows/analysis-to-trade').set(bearer(keys.viewer))
      .send({ accountId: SIM_ACCOUNT_ID, instruments: ['EUR_USD'], strategy: { name: 'ma-crossover' } });
    expect(viewerTrades.status).toBe(403);
    expect(viewerTrades.body.error).toBe('viewer-key has the viewer role; POST /api/workflows/analysis-to-trade needs trader');
    expect((await request(api).post('/api/system/control/stop').set(bearer(keys.trader)).send({ reason: 'not mine' })).status).toBe(403);
    expect((await request(api).delete('/api/schedules/health-check').set(bearer(keys.trader))).status).toBe(403);
    expect(await sql(`select 1 from trading_state`)).toEqual([]);
  });

  it('audits a control call as the identity of its credential, the body\'s `by` only a note', async () => {
    const api = app();
    const stopped = await request(api).post('/api/system/control/stop').set(bearer(keys.admin)).send({ by: 'someone else', reason: 'identity drill' });
    expect(stopped.body).toEqual({ action: 'stop', scope: 'system', tradingState: 'HALTED' });
    const [audit] = await sql(`select actor, details from audit_events where action = 'control.stop'`);
    expect(audit).toEqual({ actor: 'admin-key', details: { note: 'someone else' } });
    expect(await sql(`select updated_by from trading_state where scope = 'system'`)).toEqual([{ updated_by: 'admin-key' }]);
  });

  it('accepts a JWT from the configured identity provider, with its role claim, and refuses any other', async () => {
    const api = app();
    const admin = await token({ sub: 'carol@example.com', role: 'admin' });
    expect((await request(api).post('/api/system/control/stop').set(bearer(admin)).send({ reason: 'token drill' })).body.tradingState).toBe('HALTED');
    expect(await sql(`select actor from audit_events where action = 'control.stop' order by id desc limit 1`)).toEqual([{ actor: 'jwt:carol@example.com' }]);
    // A list of roles counts as its highest.
    expect((await request(api).get('/api/orders').set(bearer(await token({ sub: 'dan', roles: ['viewer'], role: ['viewer', 'trader'] })))).status).toBe(200);
    const noRole = await request(api).get('/api/orders').set(bearer(await token({ sub: 'eve' })));
    expect(noRole.status).toBe(403);
    expect(noRole.body.error).toContain('carries no role');
    expect((await request(api).get('/api/orders').set(bearer(await token({ sub: 'eve', role: 'admin' }, { audience: 'another-app' })))).status).toBe(401);
    expect((await request(api).get('/api/orders').set(bearer(await token({ sub: 'eve', role: 'admin' }, { expiresIn: '-1m' })))).body.error).toContain('token refused');
    const withoutIdp = createApp({ config: loadConfig({}), database, temporal, metrics: new Registry(), logger: createLogger('api-security-test', 'silent') });
    expect((await request(withoutIdp).get('/api/orders').set(bearer(admin))).body.error).toContain('AUTH_JWT_JWKS_URL is not set');
  });

  it('answers only its own Host names, only JSON bodies, no cross-origin reads unless configured, with security headers', async () => {
    const api = app();
    const rebound = await request(api).get('/api/orders').set('host', 'evil.example:8080').set(bearer(keys.viewer));
    expect(rebound.status).toBe(403);
    expect(rebound.body.error).toContain('host evil.example:8080');
    expect((await request(api).get('/health').set('host', '10.1.2.3:8080')).status).toBe(200);
    expect((await request(app({ API_ALLOWED_HOSTS: 'api.desk.example' })).get('/api/orders').set('host', 'api.desk.example').set(bearer(keys.viewer))).status).toBe(200);

    const crossSite = await request(api).post('/api/system/control/stop').set(bearer(keys.admin)).set('content-type', 'text/plain').send('{"reason":"csrf"}');
    expect(crossSite.status).toBe(415);
    const form = await request(api).post('/api/system/control/stop').set(bearer(keys.admin)).type('form').send({ reason: 'csrf' });
    expect(form.status).toBe(415);
    expect(await sql(`select state from trading_state where scope = 'system'`)).toEqual([]);

    const closed = await request(api).options('/api/orders').set('origin', 'https://desk.example').set('access-control-request-method', 'GET');
    expect(closed.headers['access-control-allow-origin']).toBeUndefined();
    const open = await request(app({ API_CORS_ORIGINS: 'https://desk.example' })).options('/api/orders').set('origin', 'https://desk.example').set('access-control-request-method', 'GET');
    expect(open.headers['access-control-allow-origin']).toBe('https://desk.example');
    const page = await request(api).get('/docs');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
  });

  it('limits requests per identity with 429 and Retry-After, but never a halt', async () => {
    const api = app({ API_RATE_LIMIT_PER_MINUTE: '3' });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await request(api).get('/api/orders').set(bearer(keys.viewer))).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await request(api).get('/api/orders').set(bearer(keys.viewer));
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body.error).toContain('at most 3 a minute');
    // Another identity has its own allowance; a stop is never limited.
    expect((await request(api).get('/api/orders').set(bearer(keys.trader))).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await request(api).post('/api/system/control/stop').set(bearer(keys.admin)).send({ reason: `stop ${i}` })).status).toBe(200);
  });

  it('answers bad input with a small 400 naming the field, or a 404 for what does not exist, before anything starts', async () => {
    const api = app();
    const admin = bearer(keys.admin);
    const expectField = (response: request.Response, field: string) => {
      expect(response.status).toBe(400);
      expect(response.body.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    };
    expectField(await request(api).get('/api/workflows/bad%00id').set(admin), 'id');
    expectField(await request(api).get('/api/orders?accountId=a%00b').set(admin), 'accountId');
    expectField(await request(api).get('/api/orders?cursor=99999999999999999999').set(admin), 'cursor');
    expectField(await request(api).get('/api/orders?colour=red').set(admin), 'query');
    expectField(await request(api).post('/api/system/control/stop').set(admin).send({ reason: 'nul\u0000here' }), 'reason');
    expectField(await request(api).post('/api/strategies/ma-crossover/versions/2147483648/activate').set(admin).send({ reason: 'overflow' }), 'version');
    expectField(await request(api).post('/api/schedules').set(admin).send({ scheduleId: 'fast', every: '0s', workflowType: 'healthCheck' }), 'every');
    expectField(await request(api).post('/api/schedules').set(admin).send({ scheduleId: 'slow', every: '99999999999999999999h', workflowType: 'healthCheck' }), 'every');
    expectField(await request(api).post('/api/workflows/strategy-optimization').set(admin)
      .send({ strategy: 'ma-crossover', instruments: ['EUR_USD'], granularity: 'S5', period: { lastDays: 3650 } }), 'period');
    const trade = { accountId: SIM_ACCOUNT_ID, instruments: ['EUR_USD'], strategy: { name: 'ma-crossover', params: { slowPeriod: 300 } }, lookback: 100 };
    expectField(await request(api).post('/api/workflows/analysis-to-trade').set(admin).send(trade), 'lookback');
    expectField(await request(api).post('/api/workflows/analysis-to-trade').set(admin).send({ ...trade, strategy: { name: 'ma-crossover', params: 'active' } }), 'strategy.params');

    const unknownAccount = await request(api).post('/api/workflows/analysis-to-trade').set(admin).send({ ...trade, accountId: '999-nobody', strategy: { name: 'ma-crossover' } });
    expect(unknownAccount.status).toBe(404);
    expect((await request(api).get('/api/risk/999-nobody').set(admin)).status).toBe(404);

    const unknownKeys = Object.fromEntries(Array.from({ length: 3_000 }, (_, i) => [`unknown_field_${i}`, i]));
    const flood = await request(api).post('/api/system/control/stop').set(admin).send({ reason: 'flood', ...unknownKeys });
    expect(flood.status).toBe(400);
    expect(JSON.stringify(flood.body).length).toBeLessThan(4_000);
    const huge = await request(api).post('/api/system/control/stop').set(admin).send({ reason: 'x'.repeat(900_000) });
    expect(huge.status).toBe(413);
    expect(await sql(`select state from trading_state where scope = 'system'`)).toEqual([]);
  });

  it('honours every list filter it documents', async () => {
    const api = app();
    const events = await request(api).get(`/api/events?accountId=${SIM_ACCOUNT_ID}`).set(bearer(keys.viewer));
    expect(events.status).toBe(200);
    expect((events.body.items as Array<{ subjectId: string }>).every((event) => event.subjectId === SIM_ACCOUNT_ID)).toBe(true);
    const all = await request(api).get('/api/events').set(bearer(keys.viewer));
    expect((all.body.items as unknown[]).length).toBeGreaterThan((events.body.items as unknown[]).length);
  });
});
