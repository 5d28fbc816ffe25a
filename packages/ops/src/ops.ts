import { policyTimeline } from '@aftersales/domain';
import type { EventStore } from '@aftersales/event-store';
import type { SubscriptionsOptions } from '@aftersales/integrations';
import { listNotifierDeadLetters, retryNotifierDeadLetter, timelineSource } from '@aftersales/notifier';
import type { CustomerKeyStore } from '@aftersales/privacy';
import type pg from 'pg';
import { recordOperatorAction } from './audit/operator-action';
import { badInput, notFound, OpsError, unavailable } from './errors';
import { auditSlice, type ExportQuery, type Progress } from './export/export';
import { streamHistory } from './history/history';
import { parseInstant } from './instants';
import { ApiKeyRepository } from './keys/api-keys';
import { requireKeyName, requireScopes } from './keys/validate';
import { changePolicy, type LivePolicy, policyAsOf, policyChanges } from './policy/policy-log';
import type { PersonalDataErasers } from './privacy/erasers';
import { forgetCustomer } from './privacy/forget';
import type { BiRoleRequest, ProjectionOps } from './projections/port';
import { migrateOpsSchema } from './schema';
import { domainFolds, type TimelineFolds } from './timeline/folds';
import { finderOverPort, finderOverPostgres } from './timeline/streams-of-customer';
import { customerTimeline } from './timeline/timeline';
import { requireCustomerId, requireStreamId, validateTimeline } from './validate';
import type { ExternalAnchors } from './verify/external';
import { verifyLog } from './verify/verify';
import { WEBHOOKS, WebhookOps } from './webhooks/webhooks';

/** The name under which the notifier's dead letters are listed and retried. */
export const NOTIFIER = 'notifier';

export type OpsDeps = Readonly<{
  /** The API keys (default: the `api_keys` table in `pool`). */
  apiKeys?: ApiKeyRepository;
  /** The store as services see it: wrapped in `ShreddingEventStore`. */
  store: EventStore;
  /** The Postgres holding keys, read models and (for the Postgres store) the log. */
  pool: pg.Pool;
  keys: CustomerKeyStore;
  erasers: PersonalDataErasers;
  projections?: ProjectionOps;
  folds?: TimelineFolds;
  clock?: () => Date;
  /** The process's followed policy (a service): refreshed at once after a change made here. */
  policy?: LivePolicy;
  /** Witnesses of the log outside its database that `verify` checks it against (e.g. NATS). */
  verifyAnchors?: readonly ExternalAnchors[];
  /** Webhook target rules and secret overlap (`webhookPolicyOf` of the integrations' config). */
  webhooks?: SubscriptionsOptions;
}>;

export type Caller = Readonly<{ operator: string; via: 'cli' | 'http' }>;

/**
 * The operations, written once for the CLI and the HTTP routes. Each one validates its input
 * first (bad input changes nothing and is not recorded), runs, and records an
 * `OperatorActionRecorded` event with its outcome.
 */
export class Operations {
  private readonly clock: () => Date;

  private readonly apiKeys: ApiKeyRepository;
  private keysTable: Promise<unknown> | undefined;
  private readonly hooks: WebhookOps;

  constructor(private readonly deps: OpsDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.apiKeys = deps.apiKeys ?? new ApiKeyRepository(deps.pool);
    this.hooks = new WebhookOps(deps.pool, deps.store, this.clock, deps.webhooks);
  }

  /** `pnpm ops webhooks …`: the subscriptions `/v1/webhooks` manages, by an operator. */
  async webhooks(
    caller: Caller,
    request: Readonly<
      | { action: 'list' }
      | { action: 'create'; id: string; url: string; eventTypes: string[]; fromPosition?: string }
      | { action: 'delete'; id: string }
      | { action: 'replay'; id: string; fromPosition?: string; from?: string }
      | { action: 'rotate'; id: string; overlapHours?: number }
      | { action: 'enable'; id: string }
      | { action: 'deliveries'; id: string; limit?: number }
    >,
  ) {
    const { action, ...args } = request;
    return this.recorded(caller, `webhooks ${action}`, args, async () => {
      switch (request.action) {
        case 'list':
          return { subscriptions: await this.hooks.list() };
        case 'create': {
          const { action: _a, ...input } = request;
          return this.hooks.create(input, caller.operator);
        }
        case 'delete':
          return this.hooks.remove(request.id);
        case 'replay':
          return this.hooks.replay(request.id, {
            ...(request.fromPosition === undefined ? {} : { fromPosition: request.fromPosition }),
            ...(request.from === undefined ? {} : { from: request.from }),
          });
        case 'rotate':
          return this.hooks.rotate(request.id, request.overlapHours);
        case 'enable':
          return this.hooks.enable(request.id);
        case 'deliveries':
          return this.hooks.deliveries(request.id, request.limit);
        default: {
          const _exhaustive: never = request;
          return _exhaustive;
        }
      }
    });
  }

  /** The keys, once their table exists (the CLI may run before any API ever started). */
  private async keys(): Promise<ApiKeyRepository> {
    this.keysTable ??= migrateOpsSchema(this.deps.pool).catch((err: unknown) => {
      this.keysTable = undefined;
      throw err;
    });
    await this.keysTable;
    return this.apiKeys;
  }

  /** Issues a key: the answer is the only place the key ever appears. */
  async createKey(caller: Caller, input: Readonly<{ name: unknown; scopes: unknown }>) {
    const name = requireKeyName(input.name);
    const scopes = requireScopes(input.scopes);
    const keys = await this.keys();
    return this.recorded(caller, 'keys-create', { name, scopes }, async () => {
      const key = await keys.issue(name, scopes);
      if (key === null) throw badInput('key-name-taken', `a key called ${name} exists; rotate or revoke it`);
      return { name, scopes, key };
    });
  }

  async listKeys(caller: Caller) {
    const keys = await this.keys();
    return this.recorded(caller, 'keys-list', {}, async () => ({ keys: await keys.list() }));
  }

  /** A new key for the name, same scopes; the old key stops working at once. */
  async rotateKey(caller: Caller, name: unknown) {
    const keyName = requireKeyName(name);
    const keys = await this.keys();
    return this.recorded(caller, 'keys-rotate', { name: keyName }, async () => {
      const key = await keys.rotate(keyName);
      if (key === null) throw notFound('key-not-found', `no live key called ${keyName}`);
      return { name: keyName, key };
    });
  }

  async revokeKey(caller: Caller, name: unknown) {
    const keyName = requireKeyName(name);
    const keys = await this.keys();
    return this.recorded(caller, 'keys-revoke', { name: keyName }, async () => {
      if (!(await keys.revoke(keyName))) throw notFound('key-not-found', `no live key called ${keyName}`);
      return { name: keyName, revoked: true };
    });
  }

  private async recorded<T>(
    caller: Caller,
    action: string,
    args: Record<string, unknown>,
    run: () => Promise<T>,
  ): Promise<T> {
    const record = (outcome: 'succeeded' | 'failed', error?: string) =>
      recordOperatorAction(
        this.deps.store,
        {
          action,
          arguments: args,
          operator: caller.operator,
          via: caller.via,
          outcome,
          ...(error ? { error } : {}),
        },
        this.clock(),
      );
    let result: T;
    try {
      result = await run();
    } catch (err) {
      // Input the operator can fix changed nothing: not an action. Anything else was attempted.
      if (
        !(
          err instanceof OpsError &&
          (err.kind === 'bad-input' || err.kind === 'not-found' || err.kind === 'unavailable')
        )
      ) {
        await record('failed', err instanceof OpsError ? err.code : 'internal-error').catch(() => {
          // The store is likely what failed; the operator must see the original error, not this.
        });
      }
      throw err;
    }
    await record('succeeded');
    return result;
  }

  /** The policy document in force at `asOf` (default: now), with its version. */
  async showPolicy(caller: Caller, asOf?: string) {
    const at = asOf === undefined ? this.clock().toISOString() : parseInstant(asOf, 'asOf');
    return this.recorded(caller, 'policy-show', { asOf: at }, async () =>
      policyAsOf(policyTimeline(await policyChanges(this.deps.store)), at),
    );
  }

  /** Every recorded version: when it takes effect, who made it and why (not the documents). */
  async policyHistory(caller: Caller) {
    return this.recorded(caller, 'policy-history', {}, async () => ({
      versions: (await policyChanges(this.deps.store)).map(({ data }) => ({
        version: data.version,
        effectiveFrom: data.effectiveFrom,
        author: data.author,
        reason: data.reason,
        changedAt: data.changedAt,
      })),
    }));
  }

  /**
   * Records a new version of the policy document (checked by the domain's one schema; an
   * invalid one is refused and changes nothing), effective at `effectiveFrom` (default now).
   */
  async setPolicy(
    caller: Caller,
    input: Readonly<{ document: unknown; effectiveFrom?: string; reason: string }>,
  ) {
    const now = this.clock().toISOString();
    const effectiveFrom =
      input.effectiveFrom === undefined ? undefined : parseInstant(input.effectiveFrom, 'effectiveFrom');
    return this.recorded(
      caller,
      'policy-set',
      { effectiveFrom: effectiveFrom ?? now, reason: input.reason },
      async () => {
        const result = await changePolicy(this.deps.store, {
          document: input.document,
          ...(effectiveFrom === undefined ? {} : { effectiveFrom }),
          reason: input.reason,
          author: caller.operator,
          now,
        });
        await this.deps.policy?.refresh();
        return {
          version: result.version,
          recorded: result.recorded,
          effectiveFrom: result.change?.effectiveFrom ?? null,
        };
      },
    );
  }

  async history(caller: Caller, streamId: string) {
    requireStreamId(streamId);
    return this.recorded(caller, 'history', { streamId }, () => streamHistory(this.deps.store, streamId));
  }

  async timeline(caller: Caller, input: Readonly<{ customerId: string; asOf?: string; by?: string }>) {
    const { customerId, asOf, by } = validateTimeline(input);
    return this.recorded(caller, 'timeline', { customerId, asOf, by }, () =>
      customerTimeline(
        this.deps.store,
        this.deps.folds ?? domainFolds,
        { customerId, asOf, by },
        this.deps.store.kind === 'postgres'
          ? finderOverPostgres(this.deps.pool)
          : finderOverPort(this.deps.store),
      ),
    );
  }

  /** Runs `write` over the slice (validated with `validateExport`) and records the export. */
  async exportSlice(
    caller: Caller,
    query: ExportQuery,
    format: string,
    write: (events: ReturnType<typeof auditSlice>) => Promise<number>,
    onProgress?: Progress,
  ) {
    return this.recorded(caller, 'export', { ...query, format }, async () => ({
      events: await write(auditSlice(this.deps.store, query, onProgress)),
    }));
  }

  async verify(caller: Caller, onProgress?: Progress) {
    return this.recorded(caller, 'verify', {}, async () => {
      if (this.deps.store.kind !== 'postgres' && !this.deps.store.readAllChained) {
        throw unavailable(
          'verify-unsupported-store',
          `verify reads the log's hash chain; this ${this.deps.store.kind} store gives none (readAllChained)`,
        );
      }
      return verifyLog(this.deps.pool, onProgress, {
        store: this.deps.store,
        external: this.deps.verifyAnchors ?? [],
      });
    });
  }

  async forget(caller: Caller, customerId: string) {
    const id = requireCustomerId(customerId);
    return this.recorded(caller, 'forget', { customerId: id }, () =>
      forgetCustomer(
        {
          store: this.deps.store,
          keys: this.deps.keys,
          erasers: this.deps.erasers,
          pool: this.deps.pool,
          clock: this.clock,
        },
        id,
        `operator:${caller.operator}`,
      ),
    );
  }

  private projections(): ProjectionOps {
    if (!this.deps.projections) {
      throw unavailable(
        'projections-not-available',
        'projection operations are not available yet: the projections package is not wired in',
      );
    }
    return this.deps.projections;
  }

  private requireProjection(name: string): string {
    const known = this.projections().names();
    if (!known.includes(name)) {
      throw notFound('unknown-projection', `no projection "${name}" (known: ${known.join(', ') || 'none'})`, {
        projection: name,
        known,
      });
    }
    return name;
  }

  async rebuild(caller: Caller, target: string, onProgress?: Parameters<ProjectionOps['rebuild']>[1]) {
    const projections = this.projections();
    const names = target === 'all' ? projections.names() : [this.requireProjection(target)];
    return this.recorded(caller, 'rebuild', { target }, () => projections.rebuild(names, onProgress));
  }

  async lag(caller: Caller) {
    const projections = this.projections();
    return this.recorded(caller, 'lag', {}, () => projections.lag());
  }

  /**
   * Dead letters of the projections and of the notifier (`projection` "notifier"), unresolved;
   * `projection` narrows to one. The notifier's come from its own table, also when no
   * projections package is at hand.
   */
  async deadLetters(caller: Caller, projection?: string) {
    const onlyNotifier = projection === NOTIFIER;
    const onlyWebhooks = projection === WEBHOOKS;
    if (projection !== undefined && !onlyNotifier && !onlyWebhooks) this.requireProjection(projection);
    return this.recorded(caller, 'dead-letters list', { projection }, async () => {
      if (onlyWebhooks) return this.hooks.deadLetters();
      const fromProjections = onlyNotifier ? [] : await this.projections().listDeadLetters(projection);
      const fromNotifier =
        projection === undefined || onlyNotifier
          ? (await listNotifierDeadLetters(this.deps.pool)).map((letter) => ({
              projection: NOTIFIER,
              ...letter,
            }))
          : [];
      const fromWebhooks = projection === undefined ? await this.hooks.deadLetters() : [];
      return [...(Array.isArray(fromProjections) ? fromProjections : []), ...fromNotifier, ...fromWebhooks];
    });
  }

  /**
   * Creates or updates the read-only BI role. The password never enters the audit record; a
   * generated one is only in the answer.
   */
  async createBiRole(caller: Caller, request: BiRoleRequest) {
    const projections = this.projections();
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(request.name)) {
      throw badInput('bad-role-name', `role name "${request.name}": lower-case letters, digits and _, 1–63`, {
        name: request.name,
      });
    }
    const limit = request.connectionLimit;
    if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < -1)) {
      throw badInput('bad-connection-limit', 'connection limit: a whole number, -1 for none');
    }
    const audited = {
      name: request.name,
      connectionLimit: limit,
      newPassword: request.newPassword,
      restrictAdvisoryLocks: request.restrictAdvisoryLocks,
    };
    return this.recorded(caller, 'bi-role create', audited, () => projections.createBiRole(request));
  }

  async retryDeadLetter(caller: Caller, projection: string, id: string | number) {
    const onlyNotifier = projection === NOTIFIER;
    const onlyWebhooks = projection === WEBHOOKS;
    if (!onlyNotifier && !onlyWebhooks) this.requireProjection(projection);
    const letterId = Number(id);
    if (!Number.isSafeInteger(letterId) || letterId <= 0) {
      throw badInput('bad-dead-letter-id', `dead letter id must be a positive integer, not "${id}"`, { id });
    }
    if (onlyWebhooks) {
      return this.recorded(caller, 'dead-letters retry', { projection, id: letterId }, () =>
        this.hooks.redeliver(letterId),
      );
    }
    if (onlyNotifier) {
      return this.recorded(caller, 'dead-letters retry', { projection, id: letterId }, async () => {
        // Planned by the policy the `policy` stream has now (the version in force at its trigger).
        const timeline = policyTimeline(await policyChanges(this.deps.store));
        const outcome = await retryNotifierDeadLetter(this.deps.pool, letterId, {
          keys: this.deps.keys,
          policy: timelineSource(() => timeline),
        });
        if (!outcome) {
          throw notFound('unknown-dead-letter', `no dead letter ${letterId} for the notifier`, {
            projection,
            id: letterId,
          });
        }
        return outcome;
      });
    }
    const projections = this.projections();
    return this.recorded(caller, 'dead-letters retry', { projection, id: letterId }, () =>
      projections.retryDeadLetter(projection, letterId),
    );
  }
}
