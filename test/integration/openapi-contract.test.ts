import type express from 'express';
import { Registry } from 'prom-client';
import request from 'supertest';
import { createApp } from '../../api/app';
import { loadConfig } from '../../infra/config';
import { connectDatabase } from '../../infra/db/client';
import { createLogger } from '../../infra/logging';
import { createTemporalClient } from '../../infra/orchestration/temporal-client';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every route express would answer, as `METHOD /path/{param}`, found by walking the app's routers. */
function mountedRoutes(app: express.Express): string[] {
  const walk = (stack: Layer[]): string[] => stack.flatMap((layer) => {
    if (layer.route) return Object.keys(layer.route.methods).map((method) => `${method.toUpperCase()} ${layer.route!.path.replace(/:([A-Za-z]+)/g, '{$1}')}`);
    return layer.handle?.stack ? walk(layer.handle.stack) : [];
  });
  return walk((app as unknown as { router: { stack: Layer[] } }).router.stack).sort();
}

/**
 * The published contract and the api are one: every route the app mounts is in /openapi.json and every documented
 * operation is mounted, each with its role and its answers. (That the api answers inside the document is what the
 * schemathesis run checks against the live stack.)
 */
describe('the OpenAPI document', () => {
  const database = connectDatabase('postgres://nobody@127.0.0.1:1/none');
  const temporal = createTemporalClient({ address: '127.0.0.1:1' }, 'default');
  const app = createApp({ config: loadConfig({}), database, temporal, metrics: new Registry(), logger: createLogger('openapi-test', 'silent') });

  afterAll(async () => {
    await database.close();
    await temporal.close();
  });

  it('documents exactly the routes the api mounts, each with its role, security and error answers', async () => {
    const document = (await request(app).get('/openapi.json')).body as { openapi: string; paths: Record<string, Record<string, Record<string, unknown>>> };
    expect(document.openapi).toBe('3.1.0');
    const documented = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`)).sort();
    expect(documented).toEqual(mountedRoutes(app));
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const where = `${method.toUpperCase()} ${path}`;
        expect([where, op['x-required-role']]).toEqual([where, expect.stringMatching(/^(public|viewer|trader|admin)$/)]);
        const responses = Object.keys(op.responses as object);
        if (op['x-required-role'] !== 'public') expect([where, responses]).toEqual([where, expect.arrayContaining(['400', '401', '403'])]);
        expect([where, (op.security as unknown[]).length]).toEqual([where, op['x-required-role'] === 'public' ? 0 : 1]);
      }
    }
    expect(documented).toEqual(expect.arrayContaining(['POST /api/system/control/emergency-stop', 'GET /api/workflows/{id}', 'GET /openapi.json', 'GET /docs']));
  });

  it('serves a readable reference of it at /docs', async () => {
    const page = await request(app).get('/docs');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('POST /api/system/control/emergency-stop');
    expect(page.text).toContain('role: admin');
  });
});
