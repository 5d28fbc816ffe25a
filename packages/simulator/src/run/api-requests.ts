import type { SimCommand } from '../plan/types';

export type ApiRequest = Readonly<{ method: 'POST' | 'PUT' | 'PATCH'; path: string; body: object }>;

const seg = encodeURIComponent;

/** The route of DESIGN.md's HTTP contract for each command, and its body (ids in the path are left out). */
export function apiRequestFor(command: SimCommand): ApiRequest {
  const post = (path: string, body: object): ApiRequest => ({ method: 'POST', path, body });
  switch (command.type) {
    case 'RegisterCustomer':
      return post('/v1/customers', command.data);
    case 'ChangeCustomerProfile':
      return {
        method: 'PATCH',
        path: `/v1/customers/${seg(command.data.customerId)}`,
        body: command.data.changes,
      };
    case 'SetConsents':
      return {
        method: 'PUT',
        path: `/v1/customers/${seg(command.data.customerId)}/consents`,
        body: { consents: command.data.consents },
      };
    case 'PlaceOrder':
      return post('/v1/orders', command.data);
    case 'ShipOrder': {
      const { orderId, ...body } = command.data;
      return post(`/v1/orders/${seg(orderId)}/shipments`, body);
    }
    case 'DelayShipment': {
      const { orderId, ...body } = command.data;
      return post(`/v1/orders/${seg(orderId)}/delays`, body);
    }
    case 'DeliverOrder':
      return post(`/v1/orders/${seg(command.data.orderId)}/delivery`, {});
    case 'CancelOrder': {
      const { orderId, ...body } = command.data;
      return post(`/v1/orders/${seg(orderId)}/cancellation`, body);
    }
    case 'RequestReturn':
      return post('/v1/returns', command.data);
    case 'ApproveReturn':
      return post(`/v1/returns/${seg(command.data.returnId)}/approval`, {});
    case 'RejectReturn': {
      const { returnId, ...body } = command.data;
      return post(`/v1/returns/${seg(returnId)}/rejection`, body);
    }
    case 'ReceiveReturnItems': {
      const { returnId, ...body } = command.data;
      return post(`/v1/returns/${seg(returnId)}/receipt`, body);
    }
    case 'RefundReturn': {
      const { returnId, ...body } = command.data;
      return post(`/v1/returns/${seg(returnId)}/refund`, body);
    }
    case 'ExchangeReturn': {
      const { returnId, ...body } = command.data;
      return post(`/v1/returns/${seg(returnId)}/exchange`, body);
    }
    case 'CreditReturnToStore': {
      const { returnId, ...body } = command.data;
      return post(`/v1/returns/${seg(returnId)}/store-credit`, body);
    }
    case 'RequestRepair':
      return post('/v1/repairs', command.data);
    case 'QuoteRepair': {
      const { repairId, ...body } = command.data;
      return post(`/v1/repairs/${seg(repairId)}/quote`, body);
    }
    case 'AcceptRepairQuote':
      return post(`/v1/repairs/${seg(command.data.repairId)}/quote-acceptance`, {});
    case 'DeclineRepairQuote':
      return post(`/v1/repairs/${seg(command.data.repairId)}/quote-decline`, {});
    case 'CompleteRepair': {
      const { repairId, ...body } = command.data;
      return post(`/v1/repairs/${seg(repairId)}/completion`, body);
    }
    case 'CancelRepair': {
      const { repairId, ...body } = command.data;
      return post(`/v1/repairs/${seg(repairId)}/cancellation`, body);
    }
    case 'SubmitFeedback':
      return post('/v1/feedback', command.data);
    case 'RedeemPoints': {
      const { customerId, ...body } = command.data;
      return post(`/v1/loyalty/${seg(customerId)}/redemptions`, body);
    }
    default: {
      const _exhaustive: never = command;
      throw new TypeError(`no route for ${(_exhaustive as SimCommand).type}`);
    }
  }
}
