/**
 * What ops needs of the projections package. The CLI and the HTTP routes talk to this small
 * interface; `projections/delegate.ts` fills it from `@aftersales/projections` (rebuild, lag,
 * dead letters, the BI role), and when nothing fills it those commands answer "not available".
 */
export type RebuildProgressView = Readonly<{ done: bigint; total: bigint }>;

export type BiRoleRequest = Readonly<{
  name: string;
  /** The password to set; without it a new role gets a generated one, an existing one keeps its own. */
  password?: string;
  /** Generate a new password for an existing role. */
  newPassword: boolean;
  connectionLimit?: number;
  /** Take the advisory-lock functions away from every role but the services' (needs a superuser). */
  restrictAdvisoryLocks: boolean;
  serviceRoles: readonly string[];
}>;

export type BiRoleResult = Readonly<{
  role: string;
  created: boolean;
  /** `set`: from the request; `generated`: in `password`, shown this once; `unchanged`. */
  passwordSource: 'set' | 'generated' | 'unchanged';
  password?: string;
  advisoryLocks: Readonly<{ restricted: boolean; grantedTo: readonly string[]; reason?: string }>;
}>;

export interface ProjectionOps {
  /** Names an operator may pass to `rebuild` and `dead-letters`. */
  names(): readonly string[];
  rebuild(names: readonly string[], onProgress?: (progress: RebuildProgressView) => void): Promise<unknown>;
  lag(): Promise<unknown>;
  listDeadLetters(projection?: string): Promise<unknown>;
  retryDeadLetter(projection: string, id: number): Promise<unknown>;
  /** Creates or updates the read-only BI login role (idempotent). */
  createBiRole(request: BiRoleRequest): Promise<BiRoleResult>;
}
