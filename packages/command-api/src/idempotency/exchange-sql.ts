/** `status_code` of a claimed key whose command is still running. */
export const IN_PROGRESS = 0;

/**
 * Claims and answers of the requests that arrive or finish together go in ONE autocommitted
 * statement (see `Batcher`): the answers update their claims, the claims insert "in progress" rows,
 * each returned row telling that its key was new (ON CONFLICT tells a duplicate). A claim and an
 * answer of the same key in one statement cannot meet: the answer's row exists, so the claim reads
 * as a duplicate, as it would after.
 *
 * Parameters: claims as `$1` key names, `$2` keys, `$3` request hashes; answers as `$4` a JSON
 * list of `{headers, body}`, `$5` key names, `$6` keys, `$7` statuses; `$8` the claiming
 * process's lease (see `owner-lease.ts`), null while it holds none. The answers' keys come as
 * arrays, so the planner looks each row up by its key: with the keys in a JSON document (estimated
 * at 100 rows, whatever its length) it scanned the whole table on every batch until the table
 * passed tens of thousands of rows. `exchange-plan.int.test.ts` pins the plan.
 */
export const EXCHANGE_QUERY = `WITH answered AS (
    UPDATE idempotency_records AS r
    SET status_code = u.status_code,
      response_headers = $4 -> (u.i::int - 1) -> 'headers',
      response_body = $4 -> (u.i::int - 1) ->> 'body'
    FROM unnest($5, $6, $7) WITH ORDINALITY AS u(key_name, idempotency_key, status_code, i)
    WHERE r.key_name = u.key_name AND r.idempotency_key = u.idempotency_key AND r.status_code = ${IN_PROGRESS}
    RETURNING 1
  )
  INSERT INTO idempotency_records AS t
    (key_name, idempotency_key, request_hash, status_code, response_headers, response_body, owner)
  SELECT c.key_name, c.idempotency_key, c.request_hash, ${IN_PROGRESS}, '{}', '', $8
  FROM unnest($1, $2, $3) AS c(key_name, idempotency_key, request_hash)
  ON CONFLICT DO NOTHING RETURNING t.key_name, t.idempotency_key`;

/** The parameter types of `EXCHANGE_QUERY`, as the function declares them. */
export const EXCHANGE_TYPES = [
  'text[]',
  'text[]',
  'text[]',
  'jsonb',
  'text[]',
  'text[]',
  'int[]',
  'int',
] as const;

/** The function's earlier signature (before claims carried their owner), dropped at migration. */
export const EXCHANGE_FUNCTION_BEFORE_OWNER =
  'DROP FUNCTION IF EXISTS idempotency_exchange(text[], text[], text[], jsonb, text[], text[], int[])';

/**
 * The exchange as a function, so that its statement is planned once per connection.
 *
 * As a prepared statement, Postgres planned it anew on almost every execution: for the small
 * batches of one to a few connections a plan made for the given array lengths looks cheaper than
 * the generic one, so the plan cache kept making custom plans, at 0.28 ms of planning each, about
 * as much as running it. Inside the function the generic plan is forced
 * (`plan_cache_mode`, for this transaction only, which is this one autocommitted call: a SET
 * clause on the function would undo it on its return), made once, and kept by PL/pgSQL for the
 * session. Every commit is durable (`synchronous_commit` as the server has it): a claim or an
 * answer lost in a crash is an answer a client was, or will be, told.
 */
export const EXCHANGE_FUNCTION = `CREATE OR REPLACE FUNCTION idempotency_exchange(${EXCHANGE_TYPES.join(', ')})
  RETURNS TABLE (claimed_name text, claimed_key text) LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM set_config('plan_cache_mode', 'force_generic_plan', true);
  RETURN QUERY ${EXCHANGE_QUERY};
END
$fn$`;

/** The call the API makes, prepared once per connection. */
export const EXCHANGE = {
  name: 'idempotency_exchange',
  text: `SELECT claimed_name, claimed_key FROM idempotency_exchange(${EXCHANGE_TYPES.map((t, i) => `$${i + 1}::${t}`).join(', ')})`,
};
