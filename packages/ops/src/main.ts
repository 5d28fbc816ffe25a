import os from 'node:os';
import { parseCommandLine } from './cli/args';
import { runCli } from './cli/commands';
import { connectOps } from './connect';
import { OpsError } from './errors';
import { projectionOpsFrom } from './projections/delegate';

/** `pnpm ops <command>`: see `pnpm ops help`. */
const operator = process.env.OPS_OPERATOR ?? os.userInfo().username;

let parsed: ReturnType<typeof parseCommandLine> | OpsError;
try {
  parsed = parseCommandLine(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof OpsError)) throw err;
  parsed = err;
}

process.exitCode = await runCli(parsed, {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  operator,
  connect: () => connectOps({ projections: projectionOpsFrom }),
});
