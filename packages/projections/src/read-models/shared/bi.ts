import { EXPONENT_NOT_TWO, NO_MINOR_UNIT } from '@aftersales/domain';

/** The schema BI tools read: friendly views over whichever schema holds the live tables. */
export const BI_SCHEMA = 'bi';

export const createBiSchema = `CREATE SCHEMA IF NOT EXISTS ${BI_SCHEMA}`;

/**
 * `bi.minor_unit_digits(currency)` and `bi.money_amount(minor, currency)`: the domain's ISO 4217
 * table (the one every package reads money with) as SQL, so BI never divides dinars by 100. The
 * CASE is generated from that table; a code without a minor unit (XAU, XXX, ...) gives NULL.
 */
export function moneyFunctions(): string[] {
  const byDigits = new Map<number, string[]>();
  for (const [code, digits] of Object.entries(EXPONENT_NOT_TWO)) {
    byDigits.set(digits, [...(byDigits.get(digits) ?? []), code]);
  }
  const list = (codes: readonly string[]) => codes.map((code) => `'${code}'`).join(', ');
  const cases = [...byDigits]
    .sort(([a], [b]) => a - b)
    .map(([digits, codes]) => `WHEN currency IN (${list(codes)}) THEN ${digits}`);
  const bi = BI_SCHEMA;
  return [
    `CREATE OR REPLACE FUNCTION ${bi}.minor_unit_digits(currency text)
RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN currency IN (${list([...NO_MINOR_UNIT])}) THEN NULL ${cases.join(' ')} ELSE 2 END`,
    `COMMENT ON FUNCTION ${bi}.minor_unit_digits(text) IS 'ISO 4217 exponent of a currency: minor units per whole unit = 10^digits (IQD, KWD, BHD 3; IRR, EUR 2; JPY 0). NULL for codes without a minor unit.'`,
    `CREATE OR REPLACE FUNCTION ${bi}.money_amount(minor bigint, currency text)
RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN round(minor::numeric / (10::numeric ^ ${bi}.minor_unit_digits(currency)), ${bi}.minor_unit_digits(currency))`,
    `COMMENT ON FUNCTION ${bi}.money_amount(bigint, text) IS 'Integer minor units as whole units of the currency, with its ISO 4217 digits (IQD 1234500 -> 1234.500, JPY 1500 -> 1500, EUR 1999 -> 19.99).'`,
  ];
}
