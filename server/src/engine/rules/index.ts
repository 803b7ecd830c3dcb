import type { Rule } from '../types';
import { noLatestTag } from './dockerfile/no-latest-tag';

/** Every rule, sorted by target then id; one line each. */
export const allRules: Rule<any>[] = [
  noLatestTag,
];

const byId = new Map(allRules.map((r) => [r.id, r]));

export function ruleById(id: string): Rule<any> | undefined {
  return byId.get(id);
}
