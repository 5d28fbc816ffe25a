/**
 * What ops needs of the projections package. The CLI and the HTTP routes talk to this small
 * interface; `projections/delegate.ts` fills it from `@aftersales/projections` (rebuild, lag,
 * dead letters), and when nothing fills it those commands answer "not available".
 */
export type RebuildProgressView = Readonly<{ done: bigint; total: bigint }>;

export interface ProjectionOps {
  /** Names an operator may pass to `rebuild` and `dead-letters`. */
  names(): readonly string[];
  rebuild(names: readonly string[], onProgress?: (progress: RebuildProgressView) => void): Promise<unknown>;
  lag(): Promise<unknown>;
  listDeadLetters(projection?: string): Promise<unknown>;
  retryDeadLetter(projection: string, id: number): Promise<unknown>;
}
