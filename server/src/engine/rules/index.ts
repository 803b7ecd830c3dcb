import type { Rule, ServiceRule, Target } from '../types';
import type { DockerfileModel } from '../dockerfile/model';
import type { K8sModel } from '../yaml/k8s';
import type { ComposeModel } from '../yaml/compose';
import type { ServiceModel } from '../service/model';
import { builderGoVersion } from './dockerfile/builder-go-version';
import { cgoDisabled } from './dockerfile/cgo-disabled';
import { entrypointBinaryExists } from './dockerfile/entrypoint-binary-exists';
import { execFormEntrypoint } from './dockerfile/exec-form-entrypoint';
import { goBuildCacheMounts } from './dockerfile/go-build-cache-mounts';
import { moduleDownloadLayer } from './dockerfile/module-download-layer';
import { multiStageBuild } from './dockerfile/multi-stage-build';
import { noConfigInImage } from './dockerfile/no-config-in-image';
import { noDebuggerInRelease } from './dockerfile/no-debugger-in-release';
import { noLatestTag } from './dockerfile/no-latest-tag';
import { noSecretsInImage } from './dockerfile/no-secrets-in-image';
import { noShellHealthcheck } from './dockerfile/no-shell-healthcheck';
import { obsoleteBuildFlags } from './dockerfile/obsolete-build-flags';
import { reproducibleBuild } from './dockerfile/reproducible-build';
import { runtimeDistrolessNonroot } from './dockerfile/runtime-distroless-nonroot';
import { runtimeNoRun } from './dockerfile/runtime-no-run';
import { runtimeNonrootUser } from './dockerfile/runtime-nonroot-user';
import { scratchCaCertificates } from './dockerfile/scratch-ca-certificates';
import { scratchUserDatabase } from './dockerfile/scratch-user-database';
import { stripDebugSymbols } from './dockerfile/strip-debug-symbols';
import { targetPlatform } from './dockerfile/target-platform';
import { upxCompression } from './dockerfile/upx-compression';
import { k8sDropCapabilities } from './k8s/k8s-drop-capabilities';
import { k8sExecProbeInMinimalImage } from './k8s/k8s-exec-probe-in-minimal-image';
import { k8sHostNamespaces } from './k8s/k8s-host-namespaces';
import { k8sImageTag } from './k8s/k8s-image-tag';
import { k8sLivenessProbe } from './k8s/k8s-liveness-probe';
import { k8sNoPrivilegeEscalation } from './k8s/k8s-no-privilege-escalation';
import { k8sNoSecretLiterals } from './k8s/k8s-no-secret-literals';
import { k8sProbePort } from './k8s/k8s-probe-port';
import { k8sReadOnlyRootFs } from './k8s/k8s-read-only-root-fs';
import { k8sReadinessProbe } from './k8s/k8s-readiness-probe';
import { k8sResources } from './k8s/k8s-resources';
import { k8sRunAsNonRoot } from './k8s/k8s-run-as-non-root';
import { k8sRunAsUser } from './k8s/k8s-run-as-user';
import { k8sSeccompProfile } from './k8s/k8s-seccomp-profile';
import { k8sTerminationGrace } from './k8s/k8s-termination-grace';
import { composeCapDropAll } from './compose/compose-cap-drop-all';
import { composeHealthcheckInMinimalImage } from './compose/compose-healthcheck-in-minimal-image';
import { composeImageTag } from './compose/compose-image-tag';
import { composeNoNewPrivileges } from './compose/compose-no-new-privileges';
import { composeNoSecretLiterals } from './compose/compose-no-secret-literals';
import { composeNoUnconfined } from './compose/compose-no-unconfined';
import { composeReadOnly } from './compose/compose-read-only';
import { composeResourceLimits } from './compose/compose-resource-limits';
import { buildPathExists } from './service/build-path-exists';
import { dockerignore } from './service/dockerignore';
import { envExample } from './service/env-example';
import { goVersionConsistency } from './service/go-version-consistency';
import { gracefulShutdown } from './service/graceful-shutdown';
import { healthEndpoints } from './service/health-endpoints';
import { makefileTargets } from './service/makefile-targets';
import { portConsistency } from './service/port-consistency';
import { userIdConsistency } from './service/user-id-consistency';

// Each target's rules, sorted by id; one line each.
const dockerfileRules: Rule<DockerfileModel>[] = [
  builderGoVersion,
  cgoDisabled,
  entrypointBinaryExists,
  execFormEntrypoint,
  goBuildCacheMounts,
  moduleDownloadLayer,
  multiStageBuild,
  noConfigInImage,
  noDebuggerInRelease,
  noLatestTag,
  noSecretsInImage,
  noShellHealthcheck,
  obsoleteBuildFlags,
  reproducibleBuild,
  runtimeDistrolessNonroot,
  runtimeNoRun,
  runtimeNonrootUser,
  scratchCaCertificates,
  scratchUserDatabase,
  stripDebugSymbols,
  targetPlatform,
  upxCompression,
];

const k8sRules: Rule<K8sModel>[] = [
  k8sDropCapabilities,
  k8sExecProbeInMinimalImage,
  k8sHostNamespaces,
  k8sImageTag,
  k8sLivenessProbe,
  k8sNoPrivilegeEscalation,
  k8sNoSecretLiterals,
  k8sProbePort,
  k8sReadOnlyRootFs,
  k8sReadinessProbe,
  k8sResources,
  k8sRunAsNonRoot,
  k8sRunAsUser,
  k8sSeccompProfile,
  k8sTerminationGrace,
];

const composeRules: Rule<ComposeModel>[] = [
  composeCapDropAll,
  composeHealthcheckInMinimalImage,
  composeImageTag,
  composeNoNewPrivileges,
  composeNoSecretLiterals,
  composeNoUnconfined,
  composeReadOnly,
  composeResourceLimits,
];

const serviceRules: ServiceRule<ServiceModel>[] = [
  buildPathExists,
  dockerignore,
  envExample,
  goVersionConsistency,
  gracefulShutdown,
  healthEndpoints,
  makefileTargets,
  portConsistency,
  userIdConsistency,
];

/** The rules of each target, typed by the model they judge. */
interface RulesByTarget {
  dockerfile: Rule<DockerfileModel>[];
  k8s: Rule<K8sModel>[];
  compose: Rule<ComposeModel>[];
  service: ServiceRule<ServiceModel>[];
}

const byTarget: RulesByTarget = { dockerfile: dockerfileRules, k8s: k8sRules, compose: composeRules, service: serviceRules };

export type RegisteredRule = RulesByTarget[Target][number];

/** Every rule, sorted by target then id. */
export const allRules: RegisteredRule[] = [...dockerfileRules, ...k8sRules, ...composeRules, ...serviceRules];

/** The rules of one target, in registry order. */
export function rulesFor<T extends Target>(target: T): RulesByTarget[T] {
  return byTarget[target];
}

const byId = new Map<string, RegisteredRule>(allRules.map((r) => [r.id, r]));

export function ruleById(id: string): RegisteredRule | undefined {
  return byId.get(id);
}
