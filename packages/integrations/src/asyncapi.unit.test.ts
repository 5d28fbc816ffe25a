import { Parser } from '@asyncapi/parser';
import { describe, expect, it } from 'vitest';
import { asyncApiDocument } from './asyncapi';
import { integrationCatalog } from './catalog';

describe('the AsyncAPI document', () => {
  it('is a valid AsyncAPI 3 document with one channel per catalog type', async () => {
    const parser = new Parser();
    const { document, diagnostics } = await parser.parse(JSON.stringify(asyncApiDocument()));
    // Errors are severity 0; warnings (1) would be hints of a sloppy document as well.
    const problems = diagnostics.filter((d) => d.severity <= 1);
    expect(problems.map((d) => `${d.code}: ${d.message} at ${d.path.join('.')}`)).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
    const addresses =
      document
        ?.channels()
        .all()
        .map((c) => c.address()) ?? [];
    expect(addresses.sort()).toEqual(integrationCatalog.map((e) => e.type).sort());
    // The parser loads its rule sets on first use: seconds on a loaded machine.
  }, 60_000);

  it('describes the data of each type from its zod schema', () => {
    const doc = asyncApiDocument({ subjectPrefix: 'shop7' });
    const approved = doc.components.messages.ReturnApprovedV1 as {
      payload: { properties: { type: { const: string }; data: { required: string[] } } };
    };
    expect(approved.payload.properties.type.const).toBe('aftersales.return.approved.v1');
    expect(approved.payload.properties.data.required).toEqual(['returnId', 'orderId', 'approvedAt']);
    expect((doc.channels['return.approved.v1'] as { address: string }).address).toBe(
      'shop7.return.approved.v1',
    );
  });
});
