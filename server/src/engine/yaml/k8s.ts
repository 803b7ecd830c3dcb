import type { LintRequest } from '../lint';
import type { YamlFile } from './document';

// PLACEHOLDER (issue 3): the Kubernetes workload model (workloads, containers, pod-level context).
export interface K8sModel {
  file: YamlFile;
}

/** Undefined when no document of the file is a Kubernetes object. */
export function buildK8sModel(file: YamlFile, _request: LintRequest): K8sModel | undefined {
  const isK8s = file.docs.some((d) => {
    const c = d.contents as { get?(k: string): unknown } | null;
    return !!c?.get?.('apiVersion') && !!c?.get?.('kind');
  });
  return isK8s ? { file } : undefined;
}
