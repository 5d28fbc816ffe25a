import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type ApiKeyRepository, generateApiKey, SCOPES } from '@aftersales/ops';

export const DEV_KEY_NAME = 'development';

/**
 * The development key: `DEV_API_KEY` when configured, else created on first start and kept in
 * the data directory (mode 600), so each start can print it. The table itself holds only its hash.
 */
export async function ensureDevelopmentKey(
  apiKeys: ApiKeyRepository,
  dataDir: string,
  configured: string | undefined,
): Promise<string> {
  const file = path.resolve(dataDir, 'dev-api-key');
  let key = configured;
  if (!key && existsSync(file)) key = (await readFile(file, 'utf8')).trim() || undefined;
  if (!key) {
    key = generateApiKey();
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, `${key}\n`, { mode: 0o600 });
  }
  if (!(await apiKeys.matches(DEV_KEY_NAME, key))) await apiKeys.upsert(DEV_KEY_NAME, key, SCOPES);
  return key;
}
