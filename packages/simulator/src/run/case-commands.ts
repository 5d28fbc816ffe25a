import type { SimCommand } from '../plan/types';
import type { ApiCall } from './api-requests';

/** The support desk's commands among the planned ones. */
export type CaseSimCommand = Extract<
  SimCommand,
  {
    type:
      | 'OpenCase'
      | 'AddCaseMessage'
      | 'AssignCase'
      | 'ChangeCasePriority'
      | 'MarkCasePending'
      | 'ResumeCase'
      | 'SolveCase'
      | 'ReopenCase';
  }
>;

const call = (operationId: string, input: object): ApiCall => ({ operationId, input }) as ApiCall;

/** The `/v1/cases…` operation of each case command (the case id goes in the path). */
export function caseApiCall(command: CaseSimCommand): ApiCall {
  if (command.type === 'OpenCase') return call('openCase', { body: command.data });
  const { caseId, ...rest } = command.data;
  const path = { id: caseId };
  switch (command.type) {
    case 'AddCaseMessage':
      return call('addCaseMessage', { path, body: rest });
    case 'AssignCase':
      return call('assignCase', { path, body: rest });
    case 'ChangeCasePriority':
      return call('changeCasePriority', { path, body: rest });
    case 'MarkCasePending':
      return call('setCasePending', { path, body: { pending: true } });
    case 'ResumeCase':
      return call('setCasePending', { path, body: { pending: false } });
    case 'SolveCase':
      return call('solveCase', { path, body: {} });
    case 'ReopenCase':
      return call('reopenCase', { path, body: {} });
    default: {
      const _exhaustive: never = command;
      throw new TypeError(`no operation for ${(_exhaustive as SimCommand).type}`);
    }
  }
}
