export type { Answer, Client, ClientOptions, Input, OperationId, Success } from './client';
export { createClient } from './client';
export type { Problem } from './errors';
export { ApiUnavailableError, ProblemError } from './errors';
export type { components, operations, paths } from './generated/api';
export { operationTable } from './generated/operations';
