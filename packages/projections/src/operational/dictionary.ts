import { tableMarkdown } from '../read-models/dictionary';
import { openRepairsView, openReturnsView, repairsTable, returnsTable } from './cases';
import { caseCustomersTable, customerTimelineView, timelineTable } from './customer-timeline';
import { orderStatusTable, orderStatusView } from './order-status';

/**
 * The operations part of docs/read-models.md, written from the same specs as the DDL and its
 * `COMMENT ON` statements. Print with `pnpm exec tsx packages/projections/src/operational/dictionary.ts`;
 * dictionary.unit.test.ts checks the document is current.
 */
export function opsDictionary(): string[] {
  return [
    tableMarkdown('rm_ops_order_status', orderStatusTable.spec),
    tableMarkdown('bi', orderStatusView('rm_ops_order_status')),
    tableMarkdown('rm_ops_cases', returnsTable.spec),
    tableMarkdown('rm_ops_cases', repairsTable.spec),
    tableMarkdown('bi', openReturnsView('rm_ops_cases')),
    tableMarkdown('bi', openRepairsView('rm_ops_cases')),
    tableMarkdown('rm_ops_customer_timeline', timelineTable),
    tableMarkdown('rm_ops_customer_timeline', caseCustomersTable),
    tableMarkdown('bi', customerTimelineView('rm_ops_customer_timeline')),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const entry of opsDictionary()) console.log(entry);
}
