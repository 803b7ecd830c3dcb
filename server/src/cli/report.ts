import type { Finding } from '../engine/types';

/** One file's findings, as the CLI's formats and baselines take them (a leaf both import). */
export interface FileReport {
  file: string;
  findings: Finding[];
}
