import type { Input, OperationId } from '@aftersales/client';
import type { SimCommand } from '../plan/types';
import { caseApiCall } from './case-commands';

/** One operation of the API client with its input: what a planned command is sent as. */
export type ApiCall = { [K in OperationId]: Readonly<{ operationId: K; input: Input<K> }> }[OperationId];

const call = <K extends OperationId>(operationId: K, input: Input<K>): ApiCall =>
  ({ operationId, input }) as ApiCall;

/**
 * The operation of DESIGN.md's HTTP contract for each command, and its input (ids in the path are
 * left out of the body). The domain's command data is what the API's schema describes; the cast
 * is where the two type systems meet, and the client's generated types check the rest.
 */
export function apiCallFor(command: SimCommand): ApiCall {
  const body = <T>(data: T) => data as never;
  switch (command.type) {
    case 'RegisterCustomer':
      return call('registerCustomer', { body: body(command.data) });
    case 'ChangeCustomerProfile':
      return call('changeCustomerProfile', {
        path: { id: command.data.customerId },
        body: body(command.data.changes),
      });
    case 'SetConsents':
      return call('setCustomerConsents', {
        path: { id: command.data.customerId },
        body: body({ consents: command.data.consents }),
      });
    case 'PlaceOrder':
      return call('placeOrder', { body: body(command.data) });
    case 'ShipOrder': {
      const { orderId, ...rest } = command.data;
      return call('shipOrder', { path: { id: orderId }, body: body(rest) });
    }
    case 'DelayShipment': {
      const { orderId, ...rest } = command.data;
      return call('delayShipment', { path: { id: orderId }, body: body(rest) });
    }
    case 'DeliverOrder':
      return call('deliverOrder', { path: { id: command.data.orderId }, body: {} });
    case 'CancelOrder': {
      const { orderId, ...rest } = command.data;
      return call('cancelOrder', { path: { id: orderId }, body: body(rest) });
    }
    case 'RequestReturn':
      return call('requestReturn', { body: body(command.data) });
    case 'ApproveReturn':
      return call('approveReturn', { path: { id: command.data.returnId }, body: {} });
    case 'RejectReturn': {
      const { returnId, ...rest } = command.data;
      return call('rejectReturn', { path: { id: returnId }, body: body(rest) });
    }
    case 'ReceiveReturnItems': {
      const { returnId, ...rest } = command.data;
      return call('receiveReturnItems', { path: { id: returnId }, body: body(rest) });
    }
    case 'RefundReturn': {
      const { returnId, ...rest } = command.data;
      return call('refundReturn', { path: { id: returnId }, body: body(rest) });
    }
    case 'ExchangeReturn': {
      const { returnId, ...rest } = command.data;
      return call('exchangeReturn', { path: { id: returnId }, body: body(rest) });
    }
    case 'CreditReturnToStore': {
      const { returnId, ...rest } = command.data;
      return call('creditReturnToStore', { path: { id: returnId }, body: body(rest) });
    }
    case 'RequestRepair':
      return call('requestRepair', { body: body(command.data) });
    case 'QuoteRepair': {
      const { repairId, ...rest } = command.data;
      return call('quoteRepair', { path: { id: repairId }, body: body(rest) });
    }
    case 'AcceptRepairQuote':
      return call('acceptRepairQuote', { path: { id: command.data.repairId }, body: {} });
    case 'DeclineRepairQuote':
      return call('declineRepairQuote', { path: { id: command.data.repairId }, body: {} });
    case 'CompleteRepair': {
      const { repairId, ...rest } = command.data;
      return call('completeRepair', { path: { id: repairId }, body: body(rest) });
    }
    case 'CancelRepair': {
      const { repairId, ...rest } = command.data;
      return call('cancelRepair', { path: { id: repairId }, body: body(rest) });
    }
    case 'SubmitFeedback':
      return call('submitFeedback', { body: body(command.data) });
    case 'RedeemPoints': {
      const { customerId, ...rest } = command.data;
      return call('redeemPoints', { path: { customerId }, body: body(rest) });
    }
    case 'OpenCase':
    case 'AddCaseMessage':
    case 'AssignCase':
    case 'ChangeCasePriority':
    case 'MarkCasePending':
    case 'ResumeCase':
    case 'SolveCase':
    case 'ReopenCase':
      return caseApiCall(command);
    default: {
      const _exhaustive: never = command;
      throw new TypeError(`no operation for ${(_exhaustive as SimCommand).type}`);
    }
  }
}
