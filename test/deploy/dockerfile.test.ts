import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { projectRoot } from '../../infra/paths';
import { installedTestTool } from '../../infra/tools/installed-tools';
import { runCommand } from '../../infra/temporal/run-command';

const root = projectRoot();
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');

interface Stage { name: string; instructions: string[] }

/** The Dockerfile's stages, each with its instructions (continuation lines joined, comments dropped). */
function stages(text: string): Stage[] {
  const instructions = text.replace(/\\\n/g, ' ').split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
  const result: Stage[] = [];
  for (const instruction of instructions) {
    const from = /^FROM\s+\S+(?:\s+AS\s+(\S+))?/i.exec(instruction);
    if (from) result.push({ name: from[1] ?? `stage-${result.length}`, instructions: [] });
    else result.at(-1)?.instructions.push(instruction);
  }
  return result;
}

describe('the container image', () => {
  const all = stages(dockerfile);
  const runtime = all.at(-1)!;

  it('passes hadolint with no finding at all', async () => {
    const hadolint = await installedTestTool('hadolint');
    const lint = await runCommand(hadolint, ['Dockerfile'], { cwd: root });
    expect(lint.output).toBe('');
    expect(lint.exitCode).toBe(0);
  });

  it('builds in one stage and runs from a later one with production dependencies only', () => {
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20\.\d+-bookworm-slim$/m);
    const build = all.find((stage) => stage.instructions.some((line) => /npx tsc -p tsconfig\.json/.test(line)));
    expect(build?.instructions.join('\n')).toMatch(/node dist\/infra\/tools\/bundle-workflows\.js/);
    const dependencies = all.find((stage) => stage.instructions.some((line) => /npm ci\b.*--omit=dev/.test(line)));
    expect(dependencies).toBeDefined();
    expect(runtime.instructions).toContain(`COPY --from=${dependencies!.name} /app/node_modules ./node_modules`);
    expect(runtime.instructions).toContain(`COPY --from=${build!.name} /app/dist ./dist`);
    // infra/db/migrate.ts finds them beside package.json.
    expect(runtime.instructions).toContain(`COPY --from=${build!.name} /app/infra/db/migrations ./infra/db/migrations`);
    expect(runtime.instructions).toContain('COPY package.json ./');
  });

  it('runs as a numeric non-root user', () => {
    const users = runtime.instructions.filter((line) => line.startsWith('USER '));
    expect(users).toHaveLength(1);
    const [uid] = users[0].slice('USER '.length).split(':');
    expect(uid).toMatch(/^\d+$/);
    expect(Number(uid)).toBeGreaterThan(0);
    // Nothing after USER may run as another user.
    expect(runtime.instructions.slice(runtime.instructions.indexOf(users[0]) + 1).filter((line) => /^(RUN|USER)\b/.test(line))).toEqual([]);
  });

  it('names in its header only processes that exist, and starts one of them by default', () => {
    const named = [...dockerfile.matchAll(/node (?:--[\w=-]+ )*(dist\/[\w/-]+)\.js/g)].map((match) => match[1]);
    expect(named).toEqual(expect.arrayContaining(['dist/workers/orchestration', 'dist/workers/hot-path', 'dist/api/main', 'dist/infra/venue-sim/main']));
    for (const script of named) expect(existsSync(join(root, `${script.replace(/^dist\//, '')}.ts`))).toBe(true);
    expect(runtime.instructions.at(-1)).toBe('CMD ["node", "dist/api/main.js"]');
  });

  it('builds from the sources only: .dockerignore keeps local state and dependencies out', () => {
    const patterns = dockerignorePatterns();
    expect(patterns[0]).toBe('*');
    const allowed = patterns.filter((pattern) => pattern.startsWith('!')).map((pattern) => pattern.slice(1).replace(/\/$/, ''));
    expect(allowed).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'tsconfig.json', 'lib', 'domain', 'workflows', 'activities', 'workers', 'api', 'infra', 'console']));
    for (const local of ['node_modules', 'dist', '.data', '.venv', '.git', 'bench', 'test', '.env']) expect(allowed).not.toContain(local);
  });

  it('compiles in the image: no source in the build context imports from outside it', () => {
    const folders = ['lib', 'domain', 'workflows', 'activities', 'workers', 'api', 'infra', 'console'];
    const excluded = dockerignorePatterns().filter((pattern) => !pattern.startsWith('!') && !pattern.includes('*')).map((pattern) => pattern.replace(/\/$/, ''));
    const outside: string[] = [];
    for (const file of folders.flatMap((folder) => sourcesUnder(join(root, folder)))) {
      for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/from '(\.{1,2}\/[^']*)'/g)) {
        const target = relative(root, resolve(dirname(file), specifier));
        const inContext = folders.some((folder) => target === folder || target.startsWith(`${folder}/`)) && !excluded.some((folder) => target.startsWith(folder));
        if (!inContext) outside.push(`${relative(root, file)} imports ${specifier}`);
      }
    }
    expect(outside).toEqual([]);
  });
});

function dockerignorePatterns(): string[] {
  return readFileSync(join(root, '.dockerignore'), 'utf8').split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
}

function sourcesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'migrations' ? [] : sourcesUnder(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}
