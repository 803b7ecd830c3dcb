// Scaffolding: pure templates turned into a plan of files. No file system access here (see
// workspace.ts for detection) and no VS Code: the CLI and the extension's commands share it.
import type { PlannedFile, ScaffoldPlan, ScaffoldTarget, ServiceFacts } from './types';
import { hasMethodPatterns } from './goVersion';
import { HEALTH_PACKAGE, healthGo, healthTestGo } from './templates/goHealth';
import { SERVER_PACKAGE, configGo, mainGo, routesGo, serverGo, serverTestGo, wiringSuggestion, wiringWithOwnHandlers } from './templates/goServer';
import { composeFile, dockerfile, dockerignore, dockerignorePath, envExample, kubernetesManifests } from './templates/container';
import { WORKFLOW_PATH, makefile, workflow, workflowFileName } from './templates/build';
import { CLI_VERSION } from './version';

export * from './types';

export const KUBERNETES_MANIFEST_PATH = 'deploy/k8s/deployment.yaml';
export const COMPOSE_PATH = 'compose.yaml';

/** The targets that need to know the main package (build path, generated main). */
export function needsMainPackage(target: ScaffoldTarget): boolean {
  return target === 'health' || target === 'dockerfile' || target === 'makefile' || target === 'all';
}

/** The targets whose output refers to go.mod (imports of the module, `COPY go.mod`). */
export function needsGoMod(target: ScaffoldTarget): boolean {
  return target === 'health' || target === 'dockerfile' || target === 'all';
}

/** Every file one target writes, in a stable order; `all` is the union. */
export function planScaffold(target: ScaffoldTarget, facts: ServiceFacts): ScaffoldPlan {
  if (target === 'all') {
    const parts = (['health', 'dockerfile', 'k8s', 'compose', 'makefile', 'env-example', 'workflow'] as const).map((t) => planScaffold(t, facts));
    return { files: parts.flatMap((p) => p.files), wiringSuggestion: parts.find((p) => p.wiringSuggestion)?.wiringSuggestion, reusedHandlers: parts.some((p) => p.reusedHandlers) };
  }
  const file = (path: string, content: string): PlannedFile => ({ path, content });
  switch (target) {
    case 'health': {
      const mainFile = facts.mainPackage === '.' ? 'main.go' : `${facts.mainPackage}/main.go`;
      if (facts.mainExists && facts.existingHandlers) {
        // The service already serves /health and /ready: keep them, add only the graceful shutdown.
        const files = [file(`${SERVER_PACKAGE}/config.go`, configGo(facts)), file(`${SERVER_PACKAGE}/server.go`, serverGo(facts)), file(`${SERVER_PACKAGE}/server_test.go`, serverTestGo(facts))];
        return { files, wiringSuggestion: { path: mainFile, text: wiringWithOwnHandlers(facts) }, reusedHandlers: true };
      }
      const files = [
        file(`${HEALTH_PACKAGE}/health.go`, healthGo(facts)),
        file(`${HEALTH_PACKAGE}/health_test.go`, healthTestGo(facts)),
        file(`${SERVER_PACKAGE}/config.go`, configGo(facts)),
        file(`${SERVER_PACKAGE}/server.go`, serverGo(facts)),
        file(`${SERVER_PACKAGE}/server_test.go`, serverTestGo(facts)),
      ];
      if (!facts.mainExists) {
        const dir = facts.mainPackage === '.' ? '' : `${facts.mainPackage}/`;
        files.push(file(`${dir}main.go`, mainGo(facts)), file(`${dir}routes.go`, routesGo(facts, hasMethodPatterns(facts.goVersion))));
        return { files };
      }
      return { files, wiringSuggestion: facts.mainWired ? undefined : { path: mainFile, text: wiringSuggestion(facts) } };
    }
    case 'dockerfile':
      return { files: [file('Dockerfile', dockerfile(facts)), file(dockerignorePath(facts), dockerignore(facts))] };
    case 'k8s':
      return { files: [file(KUBERNETES_MANIFEST_PATH, kubernetesManifests(facts))] };
    case 'compose':
      return { files: [file(COMPOSE_PATH, composeFile(facts))] };
    case 'makefile':
      return { files: [file('Makefile', makefile(facts))] };
    case 'env-example':
      return { files: [file('.env.example', envExample(facts))] };
    case 'workflow':
      return { files: [file(workflowPath(facts), workflow(facts, CLI_VERSION))] };
  }
}

/**
 * GitHub only reads workflows at the repository root: a service in a subfolder gets its own
 * `publish-ghcr-<service>.yml` there, so services of one repository do not collide.
 */
export function workflowPath(facts: ServiceFacts): string {
  if (facts.serviceDirFromRepoRoot === '.') return WORKFLOW_PATH;
  const up = facts.serviceDirFromRepoRoot.split('/').map(() => '..').join('/');
  return `${up}/.github/workflows/${workflowFileName(facts)}`;
}

export type FileStatus = 'new' | 'unchanged' | 'conflict';

/** Compares each planned file with what exists (undefined: absent). A conflict needs an explicit yes. */
export function classifyPlannedFile(planned: PlannedFile, existing: string | undefined): FileStatus {
  if (existing === undefined) return 'new';
  return normalizeNewlines(existing) === normalizeNewlines(planned.content) ? 'unchanged' : 'conflict';
}

function normalizeNewlines(s: string): string {
  return s.replace(/\r\n/g, '\n');
}

/** DNS-1123 label: lower case letters, digits and `-`, starting with a letter, at most 63 characters. */
export function toServiceName(raw: string): string {
  const name = raw
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+/g, '-')
    .slice(0, 63)
    .replace(/-+$/, '');
  return name || 'service';
}

/** The last path element of a module that names a service (`/v2` major suffixes skipped). */
export function serviceNameFromModule(modulePath: string): string | undefined {
  const parts = modulePath.split('/').filter(Boolean);
  while (parts.length > 1 && /^v\d+$/.test(parts[parts.length - 1])) parts.pop();
  const last = parts[parts.length - 1];
  return last ? toServiceName(last) : undefined;
}

/** `ghcr.io/<owner>/<service>` for GitHub modules, else a placeholder owner to replace. */
export function defaultImage(modulePath: string, service: string): string {
  const m = /^github\.com\/([^/]+)\//i.exec(modulePath);
  const owner = m ? m[1].toLowerCase() : 'example';
  return `ghcr.io/${owner}/${service}`;
}
