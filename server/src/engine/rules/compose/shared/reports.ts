// One finding per range for services that share an anchor, naming them all.
import type { Range, Report } from '../../../types';

/**
 * Collects per-service reports and emits one per range: services that share an anchor
 * (`<<: *defaults`) get one diagnostic on the shared value, naming them all.
 */
export class ReportsByRange {
  private readonly groups = new Map<string, { services: string[]; make: (services: string) => Report }>();

  /** `variant` separates reports on one range that say different things (another image, other keys). */
  add(range: Range, service: string, make: (services: string) => Report, variant = ''): void {
    const key = `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character} ${variant}`;
    const group = this.groups.get(key);
    if (group) {
      if (!group.services.includes(service)) group.services.push(service);
    } else this.groups.set(key, { services: [service], make });
  }

  flush(report: (r: Report) => void): void {
    for (const { services, make } of this.groups.values()) report(make(describeServices(services)));
  }
}

/** `service 'api'`, `services 'api' and 'worker'`. */
export function describeServices(names: string[]): string {
  const quoted = names.map((n) => `'${n}'`);
  if (quoted.length === 1) return `service ${quoted[0]}`;
  return `services ${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}
