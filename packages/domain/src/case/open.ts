import { IllegalStateError, NotFoundError } from '../shared/errors';
import type { CaseState } from './case';
import type { CaseDecisionContext, OpenCase } from './decide';
import type { CaseEvent } from './events';
import { refusal } from './guards';
import {
  optionalId,
  requireBody,
  requireChannel,
  requireId,
  requireOpenedBy,
  requirePriority,
  requireSubject,
} from './validate';

/** 1. the customer exists; 2. the subject is theirs; 3. the customer's own message opens it. */
export function openCase({ data }: OpenCase, state: CaseState, context: CaseDecisionContext): CaseEvent[] {
  const { customer, now } = context;
  if (!customer) throw new TypeError('OpenCase is decided with the customer state in its context');
  if (state.status !== 'none') throw refusal('case-already-opened', state);
  const caseId = requireId(data.caseId, 'caseId');
  const customerId = requireId(data.customerId, 'customerId');
  const channel = requireChannel(data.channel);
  const openedBy = requireOpenedBy(data.openedBy);
  const escalatedFromFeedbackId = optionalId(data.escalatedFromFeedbackId, 'escalatedFromFeedbackId');
  const previousCaseId = optionalId(data.previousCaseId, 'previousCaseId');
  const priority = requirePriority(data.priority ?? (escalatedFromFeedbackId ? 'high' : 'normal'));
  const subject = data.subject === undefined ? undefined : requireSubject(data.subject);
  const message =
    data.message === undefined
      ? undefined
      : {
          messageId: requireId(data.message.messageId, 'message.messageId'),
          body: requireBody(data.message.body),
        };
  if (customer.status === 'unregistered') {
    throw new NotFoundError('customer-not-found', `customer ${customerId} is not registered`, { customerId });
  }
  if (customer.customerId !== customerId) {
    throw new TypeError('the customer in the context is not the one named');
  }
  if (customer.status === 'forgotten') {
    throw new IllegalStateError('customer-forgotten', `customer ${customerId} has been forgotten`, {
      customerId,
    });
  }
  if (subject && (!context.subject || context.subject.customerId !== customerId)) {
    // Another customer's subject is answered as missing, so nobody learns which ids exist.
    throw new NotFoundError('case-subject-not-found', `this customer has no ${subject.type} ${subject.id}`, {
      subject,
    });
  }
  if (openedBy.type === 'customer' && !message) {
    throw new IllegalStateError(
      'case-message-required',
      'a case the customer opens starts with their message',
      {
        caseId,
      },
    );
  }
  const opened: CaseEvent = {
    type: 'CaseOpened',
    data: {
      caseId,
      customerId,
      channel,
      priority,
      openedBy,
      ...(subject ? { subject } : {}),
      ...(escalatedFromFeedbackId ? { escalatedFromFeedbackId } : {}),
      ...(previousCaseId ? { previousCaseId } : {}),
      openedAt: now,
    },
  };
  if (!message) return [opened];
  // The opening message is the author's: the customer writing in, or an agent reaching out.
  const direction = openedBy.type === 'customer' ? 'in' : 'out';
  return [
    opened,
    {
      type: 'CaseMessageAdded',
      data: { caseId, customerId, ...message, direction, channel, author: openedBy, addedAt: now },
    },
  ];
}
