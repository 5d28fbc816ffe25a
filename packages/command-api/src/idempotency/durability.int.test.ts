import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueId } from '../../../../test/support';
import { ids, placeBody, registerBody } from '../../test/fixtures';
import { type Harness, startHarness } from '../../test/harness';
import { requestHash } from './request-hash';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const register = (customerId: string, key: string) =>
  h.send({
    method: 'POST',
    url: '/v1/customers',
    payload: registerBody(customerId),
    headers: { 'idempotency-key': key },
  });

const writerKeyName = async () => {
  const { rows } = await h.pool.query<{ name: string }>(
    "SELECT name FROM api_keys WHERE name LIKE 'writer-%'",
  );
  return rows[0]?.name ?? '';
};

/** A claim made a moment ago by another API process, whose lease `owner` is held by `holder`. */
async function claimOfAnotherProcess(customerId: string, key: string, owner: number, holder: pg.Client) {
  await holder.query(
    `INSERT INTO idempotency_owners (owner, holder_pid, holder_started_at)
     SELECT $1, pid, backend_start FROM pg_stat_activity WHERE pid = pg_backend_pid()`,
    [owner],
  );
  await h.pool.query(
    `INSERT INTO idempotency_records (key_name, idempotency_key, request_hash, status_code, response_headers, response_body, owner)
     VALUES ($1, $2, $3, 0, '{}', '', $4)`,
    [await writerKeyName(), key, requestHash('POST', '/v1/customers', registerBody(customerId)), owner],
  );
}

describe('Idempotency-Key under crashes', () => {
  it('frees at once a key whose process died, and keeps waiting on one whose process lives', async () => {
    const dead = ids().customerId;
    const process = new pg.Client({ connectionString: h.database.url });
    await process.connect();
    await claimOfAnotherProcess(dead, `dead-${dead}`, 1_000_001, process);
    // The process dies: its connection goes, and Postgres drops its lease with it.
    await process.end();
    const started = Date.now();
    const res = await register(dead, `dead-${dead}`);
    expect(res.statusCode).toBe(201);
    // Taken over at once, not after the 60 s timeout.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await h.store.readStream(`customer-${dead}`)).toHaveLength(1);

    const alive = ids().customerId;
    const living = new pg.Client({ connectionString: h.database.url });
    await living.connect();
    try {
      await claimOfAnotherProcess(alive, `alive-${alive}`, 1_000_002, living);
      const pending = register(alive, `alive-${alive}`);
      await new Promise((resolve) => setTimeout(resolve, 300));
      // Still running elsewhere: not taken over, the duplicate waits for its answer.
      await h.pool.query(
        `UPDATE idempotency_records SET status_code = 201, response_headers = '{}', response_body = '{"first":true}'
          WHERE idempotency_key = $1`,
        [`alive-${alive}`],
      );
      const replayed = await pending;
      expect(replayed.body).toBe('{"first":true}');
      expect(await h.store.readStream(`customer-${alive}`)).toHaveLength(0);
    } finally {
      await living.end();
    }
  });

  it("frees a dead process's key at once even while another role holds the advisory lock its lease once was", async () => {
    const dead = ids().customerId;
    const process = new pg.Client({ connectionString: h.database.url });
    await process.connect();
    await claimOfAnotherProcess(dead, `foreign-${dead}`, 1_000_003, process);
    await process.end();
    // A read-only login takes (7302002, owner), the lock that used to say "this owner lives".
    const role = uniqueId('intruder_').toLowerCase();
    await h.pool.query(`CREATE ROLE ${role} LOGIN PASSWORD 'x'`);
    const url = new URL(h.database.url);
    url.username = role;
    url.password = 'x';
    const intruder = new pg.Client({ connectionString: url.toString() });
    await intruder.connect();
    try {
      await intruder.query('SELECT pg_advisory_lock(7302002, 1000003)');
      const started = Date.now();
      const res = await register(dead, `foreign-${dead}`);
      expect(res.statusCode).toBe(201);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await intruder.end();
      await h.pool.query(`DROP ROLE ${role}`);
    }
  });

  it('stores the answer before the response goes out', async () => {
    const { customerId } = ids();
    const res = await register(customerId, `durable-${customerId}`);
    expect(res.statusCode).toBe(201);
    // Read on another connection the moment the response is in: already committed.
    const { rows } = await h.pool.query<{ status_code: number; response_body: string }>(
      'SELECT status_code, response_body FROM idempotency_records WHERE idempotency_key = $1',
      [`durable-${customerId}`],
    );
    expect(rows).toEqual([{ status_code: 201, response_body: res.body }]);
  });

  it('answers 503 when the answer cannot be stored, and the retry gets the first answer from the events', async () => {
    const { customerId, orderId } = ids();
    await register(customerId, `setup-${customerId}`);
    const key = `lost-${orderId}`;
    // Postgres refuses to store this key's answer, as it would while crashing.
    await h.pool.query(`CREATE OR REPLACE FUNCTION refuse_lost_answer() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.idempotency_key LIKE 'lost-%' AND NEW.status_code <> 0 THEN RAISE EXCEPTION 'answer refused'; END IF;
        RETURN NEW;
      END $$`);
    await h.pool.query(
      'CREATE TRIGGER refuse_lost_answer BEFORE UPDATE ON idempotency_records FOR EACH ROW EXECUTE FUNCTION refuse_lost_answer()',
    );
    const place = () =>
      h.send({
        method: 'POST',
        url: '/v1/orders',
        payload: placeBody(orderId, customerId, '2026-03-01T10:00:00Z'),
        headers: { 'idempotency-key': key },
      });
    let first: Awaited<ReturnType<typeof place>>;
    try {
      first = await place();
    } finally {
      await h.pool.query('DROP TRIGGER refuse_lost_answer ON idempotency_records');
    }
    expect(first.statusCode).toBe(503);
    expect(first.json()).toMatchObject({ code: 'store-unavailable' });
    const recorded = await h.store.readStream(`order-${orderId}`);
    expect(recorded).toHaveLength(1);

    // The claim was released: the retry runs at once, the domain refuses the repeat, and the
    // answer is rebuilt from the event the first run recorded.
    const retry = await place();
    expect(retry.statusCode).toBe(201);
    expect(retry.headers.location).toBe(`/v1/orders/${orderId}`);
    expect(retry.json()).toMatchObject({
      stream: `order-${orderId}`,
      revision: 0,
      events: [{ eventId: recorded[0]?.metadata.eventId, type: 'OrderPlaced' }],
    });
    expect(await h.store.readStream(`order-${orderId}`)).toHaveLength(1);
    const again = await place();
    expect(again.body).toBe(retry.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
  });

  it('a return whose answer was lost gets its first answer, reservation included, not "already requested"', async () => {
    // Found by `pnpm chaos` (kill -9 of the API): a plan with effects before its target checks the
    // target first, and that check refused the retry before the answer could be rebuilt.
    const { customerId, orderId, returnId, shipmentId } = ids();
    const at = (day: number) => `2026-03-0${day}T10:00:00.000Z`;
    const post = (url: string, payload: object, key: string) =>
      h.send({ method: 'POST', url, payload, headers: { 'idempotency-key': key } });
    await register(customerId, `setup-r-${customerId}`);
    await post('/v1/orders', placeBody(orderId, customerId, at(1)), `setup-p-${orderId}`);
    const ship = {
      shipmentId,
      carrier: 'DHL',
      trackingNumber: 'T1',
      estimatedDeliveryAt: at(4),
      occurredAt: at(2),
    };
    await post(`/v1/orders/${orderId}/shipments`, ship, `setup-s-${orderId}`);
    await post(`/v1/orders/${orderId}/delivery`, { occurredAt: at(3) }, `setup-d-${orderId}`);
    const key = `lost-${returnId}`;
    const request = () =>
      post(
        '/v1/returns',
        {
          returnId,
          orderId,
          items: [{ lineNo: 2, qty: 1, reason: 'damaged', reasonText: 'chipped' }],
          resolution: 'refund',
          occurredAt: at(5),
        },
        key,
      );
    await h.pool.query(`CREATE OR REPLACE FUNCTION refuse_lost_return() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.idempotency_key = '${key}' AND NEW.status_code <> 0 THEN RAISE EXCEPTION 'answer refused'; END IF;
        RETURN NEW;
      END $$`);
    await h.pool.query(
      'CREATE TRIGGER refuse_lost_return BEFORE UPDATE ON idempotency_records FOR EACH ROW EXECUTE FUNCTION refuse_lost_return()',
    );
    let first: Awaited<ReturnType<typeof request>>;
    try {
      first = await request();
    } finally {
      await h.pool.query('DROP TRIGGER refuse_lost_return ON idempotency_records');
    }
    expect(first.statusCode).toBe(503);
    const [requested] = await h.store.readStream(`return-${returnId}`);
    const reserved = (await h.store.readStream(`order-${orderId}`)).find(
      (e) => e.type === 'ReturnQuantityReserved',
    );
    expect(requested?.type).toBe('ReturnRequested');

    const retry = await request();
    expect(retry.statusCode).toBe(201);
    expect(retry.json()).toMatchObject({
      stream: `return-${returnId}`,
      events: [{ eventId: requested?.metadata.eventId, type: 'ReturnRequested' }],
      related: [{ stream: `order-${orderId}`, events: [{ eventId: reserved?.metadata.eventId }] }],
    });
    expect(await h.store.readStream(`return-${returnId}`)).toHaveLength(1);
  });
});
