import { ensureWorkflowBundle, WORKFLOW_BUNDLE_FILE } from '../orchestration/workflow-bundle';

/** `node dist/infra/tools/bundle-workflows.js`: bin/setup's step that prebuilds the workflow bundle when the build changed. */
ensureWorkflowBundle().then(
  (outcome) => console.log(outcome === 'built' ? `workflow bundle built: ${WORKFLOW_BUNDLE_FILE}` : 'workflow bundle up to date'),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
