import { ApiUnavailableError, createClient, type OperationId, ProblemError } from '@aftersales/client';

/**
 * The workload: customers walked through after-sales journeys by a well-behaved integration
 * (`@aftersales/client`: an Idempotency-Key per command, kept across its retries; 429/503, a
 * key in use and dropped connections retried until a deadline). Every request the client sends
 * goes through `recordingFetch`, so each command's key, request and first answer are known.
 */
export type Answer = Readonly<{ status: number; body: unknown }>;

export type CommandRecord = {
  key: string;
  operationId: OperationId;
  journey: string;
  /** The fault window the command was first sent in. */
  phase: string;
  method: string;
  url: string;
  body: string;
  attempts: number;
  /** The status of each attempt, in order (0: no answer, the connection failed). */
  statuses: number[];
  /** The first 2xx answer (the acknowledgement the retry promise is about). */
  acknowledged?: Answer;
  /** The refusal the client took as final (a 4xx other than a key in use). */
  refused?: Answer;
  /** The client gave up at its deadline (or the run ended) without an answer. */
  unavailable?: boolean;
};

export type JourneyRecord = {
  id: string;
  customerId: string;
  orderId: string;
  /** What the journey meant to do with the order. */
  plan: 'cancel' | 'deliver' | 'ship-only';
  delayed: boolean;
  ended: 'done' | 'refused' | 'unavailable' | 'stopped' | undefined;
};

const DAY_MS = 86_400_000;

export class Workload {
  readonly commands = new Map<string, CommandRecord>();
  readonly journeys: JourneyRecord[] = [];
  phase = 'warm-up';
  private stopped = false;
  private next = 0;
  private readonly api;

  constructor(
    private readonly baseUrl: string,
    apiKey: string,
    private readonly runId: string,
    deadlineMs: number,
    /** API replicas taking the requests in turn (a balancer's round robin); default `baseUrl` alone. */
    private readonly replicas: readonly string[] = [baseUrl],
  ) {
    this.api = createClient({ baseUrl, apiKey, deadlineMs, fetch: this.recordingFetch });
  }

  /** Requests sent to each replica (by its base URL). */
  readonly sentTo = new Map<string, number>();
  private turn = 0;

  private readonly recordingFetch: typeof fetch = async (target, init) => {
    let input = target;
    const url = typeof target === 'string' ? target : target instanceof URL ? target.href : undefined;
    if (url?.startsWith(this.baseUrl)) {
      const replica = this.replicas[this.turn++ % this.replicas.length] ?? this.baseUrl;
      this.sentTo.set(replica, (this.sentTo.get(replica) ?? 0) + 1);
      input = replica + url.slice(this.baseUrl.length);
    }
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const key = headers['idempotency-key'];
    const record = key ? this.commands.get(key) : undefined;
    if (record) record.attempts += 1;
    let response: Response;
    try {
      response = await fetch(input, init);
    } catch (err) {
      record?.statuses.push(0);
      throw err;
    }
    record?.statuses.push(response.status);
    const text = await response.text();
    if (record && response.ok && !record.acknowledged) {
      record.acknowledged = { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
    }
    return new Response(text, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };

  /** Sends one command through the client; resolves with its body, or throws what the client threw. */
  private async send(journey: JourneyRecord, operationId: OperationId, path: string, input: object) {
    const key = `${this.runId}:${journey.id}:${operationId}`;
    const body = (input as { body?: unknown }).body ?? {};
    const url = `${this.baseUrl}${path}`;
    this.commands.set(key, {
      key,
      operationId,
      journey: journey.id,
      phase: this.phase,
      method: 'POST',
      url,
      body: JSON.stringify(body),
      attempts: 0,
      statuses: [],
    });
    const record = this.commands.get(key) as CommandRecord;
    if (operationId === 'setCustomerConsents') record.method = 'PUT';
    try {
      // The client is typed per operation; the journey builds inputs that match its routes.
      const call = this.api.call as (id: OperationId, input: object) => Promise<unknown>;
      return await call(operationId, { ...input, idempotencyKey: key });
    } catch (err) {
      if (err instanceof ProblemError) record.refused = { status: err.status, body: err.problem };
      else if (err instanceof ApiUnavailableError) record.unavailable = true;
      throw err;
    }
  }

  private newJourney(): JourneyRecord {
    const n = this.next++;
    const id = `j${n}`;
    const plan = n % 10 === 3 ? 'cancel' : n % 7 === 5 ? 'ship-only' : 'deliver';
    const journey: JourneyRecord = {
      id,
      customerId: `${this.runId}-c${n}`,
      orderId: `${this.runId}-o${n}`,
      plan,
      delayed: plan !== 'cancel' && n % 3 === 0,
      ended: undefined,
    };
    this.journeys.push(journey);
    return journey;
  }

  /** One journey: register, order, then cancel, or ship (maybe delay) and deliver, return, redeem. */
  private async walk(journey: JourneyRecord): Promise<void> {
    const { customerId, orderId } = journey;
    const n = Number(journey.id.slice(1));
    const now = Date.now();
    await this.send(journey, 'registerCustomer', '/v1/customers', {
      body: {
        customerId,
        name: `Customer ${n}`,
        email: `c${n}@example.com`,
        language: 'en',
        timezone: 'UTC',
      },
    });
    await this.send(journey, 'placeOrder', '/v1/orders', {
      body: {
        orderId,
        customerId,
        currency: 'EUR',
        lines: [
          {
            sku: 'KET-200',
            name: 'Kettle',
            category: 'kitchen',
            qty: 2,
            unitPrice: 4999,
            warrantyMonths: 24,
          },
          { sku: 'MUG-011', name: 'Mug', category: 'kitchen', qty: 1, unitPrice: 899, warrantyMonths: 0 },
        ],
      },
    });
    if (journey.plan === 'cancel') {
      await this.send(journey, 'cancelOrder', `/v1/orders/${orderId}/cancellation`, {
        path: { id: orderId },
        body: { reason: 'changed their mind' },
      });
      return;
    }
    await this.send(journey, 'shipOrder', `/v1/orders/${orderId}/shipments`, {
      path: { id: orderId },
      body: {
        shipmentId: `${orderId}-s`,
        carrier: 'DHL',
        trackingNumber: `T${n}`,
        estimatedDeliveryAt: new Date(now + 3 * DAY_MS).toISOString(),
      },
    });
    if (journey.delayed) {
      await this.send(journey, 'delayShipment', `/v1/orders/${orderId}/delays`, {
        path: { id: orderId },
        body: { newEstimatedDeliveryAt: new Date(now + 5 * DAY_MS).toISOString(), reason: 'weather' },
      });
    }
    if (journey.plan === 'ship-only') return;
    await this.send(journey, 'deliverOrder', `/v1/orders/${orderId}/delivery`, {
      path: { id: orderId },
      body: {},
    });
    if (n % 4 === 1) {
      await this.send(journey, 'requestReturn', '/v1/returns', {
        body: {
          returnId: `${orderId}-r`,
          orderId,
          items: [{ lineNo: 2, qty: 1, reason: 'damaged', reasonText: 'chipped' }],
          resolution: 'refund',
        },
      });
    }
    if (n % 4 === 2) {
      // Points are pending until the return window closes: a refusal is the expected answer,
      // and a refusal must be replayed like any first answer.
      await this.send(journey, 'redeemPoints', `/v1/loyalty/${customerId}/redemptions`, {
        path: { customerId },
        body: { redemptionId: `${orderId}-p`, points: 10 },
      }).catch((err: unknown) => {
        if (!(err instanceof ProblemError)) throw err;
      });
    }
  }

  /** Runs `workers` journeys at a time until `stop`. */
  async run(workers: number): Promise<void> {
    await Promise.all(
      Array.from({ length: workers }, async () => {
        while (!this.stopped) {
          const journey = this.newJourney();
          try {
            await this.walk(journey);
            journey.ended = 'done';
          } catch (err) {
            journey.ended = err instanceof ProblemError ? 'refused' : 'unavailable';
          }
        }
      }),
    );
  }

  stop(): void {
    this.stopped = true;
  }

  acknowledged(): CommandRecord[] {
    return [...this.commands.values()].filter((c) => c.acknowledged);
  }

  /** Records a command sent outside the client (the spike), so its events have a command. */
  recordRaw(record: CommandRecord): void {
    this.commands.set(record.key, record);
  }
}
