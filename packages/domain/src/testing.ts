// Test-only entry (`@aftersales/domain/testing`): decider specifications for any package.
export { deepEqual, given, Specification, stateFrom } from './shared/testing';
export { givenStreams, WorkflowSpecification } from './workflow/testing';
