// How the k8s rules name a container in a message, and report a pod-level finding once.
import type { Range } from '../../../types';
import type { Container } from '../../../yaml/k8s';

/** `Container 'api'` / `Init container 'migrate'`, to start a message. */
export function containerLabel(c: Container): string {
  return `${c.init ? 'Init container' : 'Container'} '${c.name ?? '(unnamed)'}'`;
}

/** `container 'api'` / `init container 'migrate'`, inside a sentence. */
export function containerRef(c: Container): string {
  return `${c.init ? 'init container' : 'container'} '${c.name ?? '(unnamed)'}'`;
}

/** Reports once per range: pod-level findings would otherwise repeat for every container. */
export function onceAt(seen: Set<string>, range: Range): boolean {
  const key = `${range.start.line}:${range.start.character}`;
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
}
