export type { ContactKind } from './blind-index';
export {
  BlindIndex,
  ensureIndexKeyTable,
  loadBlindIndex,
  normaliseContact,
  normaliseEmail,
  normalisePhone,
} from './blind-index';
export { EnvelopeError, isEnvelope } from './envelope';
export type { CustomerKeyStore, KeyState } from './key-store';
export { InMemoryKeyStore, KEY_TABLE_DDL, PostgresKeyStore, privacyMigrations } from './key-store';
export type { FieldPath, PersonalFieldRule } from './personal-fields';
export {
  FORGOTTEN_MARKER,
  getPath,
  mapPaths,
  personalDataOwner,
  personalFieldRules,
  UNREADABLE_MARKER,
} from './personal-fields';
export { openPersonalData, ShreddingEventStore } from './shredding-store';
