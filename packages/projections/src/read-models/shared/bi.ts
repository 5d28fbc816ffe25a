/** The schema BI tools read: friendly views over whichever schema holds the live tables. */
export const BI_SCHEMA = 'bi';

export const createBiSchema = `CREATE SCHEMA IF NOT EXISTS ${BI_SCHEMA}`;
