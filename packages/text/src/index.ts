export { escapeHtml } from './html';
export type { ProgressLine, ProgressStream } from './progress';
export { bar, duration, progressLine } from './progress';
