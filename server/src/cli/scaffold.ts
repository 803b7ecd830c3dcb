import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { CliIo } from './lint';
import { SCAFFOLD_TARGETS, classifyPlannedFile, needsGoMod, needsMainPackage, planScaffold, type ScaffoldTarget } from '../scaffold';
import { inspectService, resolveFacts, withoutConflictingPackages } from '../scaffold/workspace';

export const SCAFFOLD_USAGE = `Usage: go-container-standard scaffold <what> [options]

Writes files that follow the Go container standard into a Go service (a folder with go.mod).

What:
  health        internal/health (GET /health, GET /ready with bounded concurrent checks) and
                internal/server (environment config, graceful SIGTERM shutdown, closers), with
                tests; cmd/<service>/main.go and routes.go when there is no main package yet.
                An existing main package is never changed: the wiring to add is printed instead;
                when it already serves /health and /ready, only internal/server is written.
                On SIGTERM /ready answers 503 for SHUTDOWN_DELAY while requests are still
                served, then requests drain, then closers run within CLOSE_TIMEOUT.
                Refused (listed, exit 1) when internal/health or internal/server already
                holds Go files that the generated ones would clash with.
  dockerfile    Dockerfile (build, dev and prod stages; distroless static nonroot) and .dockerignore;
                when go.mod replaces a module with a folder outside the service, the build
                context is the repository root (and Dockerfile.dockerignore keeps the rest out)
  k8s           deploy/k8s/deployment.yaml (hardened Deployment and its Service)
  compose       compose.yaml (read-only, no-new-privileges, cap_drop ALL, resource limits)
  makefile      Makefile (build, test, lint, docker-build, docker-push; tags <git-sha>-v<VERSION>)
  env-example   .env.example (PORT, SHUTDOWN_TIMEOUT, SHUTDOWN_DELAY, CLOSE_TIMEOUT,
                READINESS_CHECK_TIMEOUT, LOG_LEVEL, GOMEMLIMIT and the variables the code reads)
  workflow      .github/workflows/publish-ghcr.yml (go-container-standard lint, build, Trivy scan,
                push <sha>-v<version> to ghcr.io; actions pinned by commit); for a service below
                the repository root: <root>/.github/workflows/publish-ghcr-<service>.yml
  all           all of the above

Options:
  --dir <dir>        The service folder (default: the current folder)
  --service <name>   Service name (default: the module path's last element, else the folder name)
  --main <folder>    The main package to build and wire, e.g. cmd/api; needed when there are
                     several, and names the folder of a new one otherwise (default: cmd/<service>)
  --image <repo>     Image repository without tag, for the manifests, the Makefile and the workflow (default:
                     ghcr.io/<owner>/<service> for github.com/<owner>/... modules, else
                     ghcr.io/example/<service>)
  --force            Overwrite existing files that differ
  -h, --help         Show this help

Existing files are never overwritten without --force: they are listed as skipped. Files that
already have the generated content are left alone. The image tags in the manifests are the
placeholder 0000000-v0.1.0 (<git-sha>-v<semver>): replace it with the tag CI pushes.

Examples:
  go-container-standard scaffold all
  go-container-standard scaffold dockerfile --dir services/orders --main cmd/orders
  go-container-standard scaffold k8s --service orders --image registry.example.com/team/orders

Exit codes: 0 everything written (or already up to date), 1 some existing files were skipped or
refused, 2 usage error, missing go.mod, several main packages without --main, or a write failure.`;

export function runScaffold(argv: string[], io: CliIo): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        dir: { type: 'string', short: 'd' },
        service: { type: 'string' },
        main: { type: 'string' },
        image: { type: 'string' },
        force: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    io.stderr(`go-container-standard: ${(e as Error).message}\n\n${SCAFFOLD_USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(SCAFFOLD_USAGE + '\n');
    return 0;
  }
  if (positionals.length !== 1 || !(SCAFFOLD_TARGETS as readonly string[]).includes(positionals[0])) {
    const got = positionals.length === 0 ? 'nothing' : `'${positionals.join(' ')}'`;
    io.stderr(`go-container-standard: scaffold needs one of ${SCAFFOLD_TARGETS.join(', ')}; got ${got}\n\n${SCAFFOLD_USAGE}\n`);
    return 2;
  }
  const target = positionals[0] as ScaffoldTarget;
  if (values.service !== undefined && !/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/.test(values.service)) {
    io.stderr(`go-container-standard: --service '${values.service}' must be a DNS label: lower case letters, digits and '-', starting with a letter (it names the Kubernetes objects)\n`);
    return 2;
  }
  if (values.image !== undefined && !/^(?:[a-z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:[._/-][a-z0-9]+)*$/.test(values.image)) {
    io.stderr(`go-container-standard: --image '${values.image}' is not an image repository without tag (such as ghcr.io/acme/orders)\n`);
    return 2;
  }
  const dir = path.resolve(io.cwd, values.dir ?? '.');
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    io.stderr(`go-container-standard: --dir '${values.dir}' is not a folder\n`);
    return 2;
  }
  const inspection = inspectService(dir);
  if (!inspection.goMod && needsGoMod(target)) {
    io.stderr(`go-container-standard: no go.mod in ${displayPath(io, dir)}; run 'go mod init <module path>' there first, or pass --dir <service folder>\n`);
    return 2;
  }
  const mainIrrelevant = !needsMainPackage(target);
  const resolution = resolveFacts(inspection, { service: values.service, main: mainIrrelevant ? undefined : values.main, mainIrrelevant, image: values.image });
  if (!resolution.ok) {
    io.stderr(`go-container-standard: ${resolution.message}\n`);
    if (resolution.reason === 'ambiguous-main') {
      io.stderr(`For example: go-container-standard scaffold ${target} --main ${resolution.candidates[0]}\n`);
    }
    return 2;
  }
  const planned = planScaffold(target, resolution.facts);
  const readExisting = (rel: string): string | undefined => {
    try {
      return fs.readFileSync(path.resolve(dir, rel), 'utf8');
    } catch {
      return undefined;
    }
  };
  const statusOf = new Map(planned.files.map((f) => [f.path, classifyPlannedFile(f, readExisting(f.path))]));
  const kept = new Set(values.force ? [] : planned.files.filter((f) => statusOf.get(f.path) === 'conflict').map((f) => f.path));
  const withoutConflicts = withoutConflictingPackages(dir, planned, kept);
  // Files already as generated need no writing: only the others are refused, and with none of
  // those the plan stands as it is (a kept file is then just listed as skipped).
  const refused = withoutConflicts.refused.filter((f) => statusOf.get(f.path) === 'new' || (statusOf.get(f.path) === 'conflict' && !kept.has(f.path)));
  const plan = refused.length > 0 ? withoutConflicts.plan : planned;
  const conflicts = refused.length > 0 ? withoutConflicts.conflicts : [];
  for (const file of refused) io.stdout(`refused    ${displayPath(io, path.resolve(dir, file.path))}\n`);
  for (const c of conflicts) {
    io.stderr(
      `go-container-standard: not adding Go files to ${c.dir}: the package would no longer compile (${c.reason}). The generated packages were not written; rename or move ${c.files.join(', ')} and run again${kept.size ? ', or overwrite with --force' : ''}.\n`,
    );
  }
  const ctx = resolution.facts.buildContext;
  if (ctx && plan.files.some((f) => f.path === 'Dockerfile' || f.path === 'compose.yaml' || f.path === 'Makefile' || f.path.endsWith('.yml'))) {
    io.stdout(
      `note: go.mod replaces ${inspection.replacesOutside.map((r) => `${r.module} with ${r.target}`).join(', ')}, outside the service folder: the image is built from ${ctx.fromService} (the Dockerfile copies ${[ctx.serviceFromContext, ...ctx.modulesFromContext].join(' and ')}).\n`,
    );
  }
  let skipped = 0;
  let failed = false;
  for (const file of plan.files) {
    const abs = path.resolve(dir, file.path);
    const shown = displayPath(io, abs);
    const status = statusOf.get(file.path)!;
    if (status === 'unchanged') {
      io.stdout(`unchanged  ${shown}\n`);
      continue;
    }
    if (status === 'conflict' && !values.force) {
      io.stdout(`skipped    ${shown} (exists and differs; --force overwrites it)\n`);
      skipped++;
      continue;
    }
    try {
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, file.content);
      io.stdout(`${status === 'new' ? 'created   ' : 'overwrote '} ${shown}\n`);
    } catch (e) {
      io.stderr(`go-container-standard: cannot write ${shown}: ${(e as Error).message}\n`);
      failed = true;
    }
  }
  if (plan.wiringSuggestion) {
    const what = plan.reusedHandlers ? 'It already serves /health and /ready (kept). To shut down gracefully' : 'To serve /health and /ready and shut down gracefully';
    io.stdout(`\n${plan.wiringSuggestion.path} exists and was not changed. ${what}, wire it like this:\n\n${plan.wiringSuggestion.text}`);
  }
  if (skipped > 0) io.stderr(`go-container-standard: ${skipped} existing file(s) skipped; rerun with --force to overwrite them\n`);
  if (failed) return 2;
  return skipped > 0 || refused.length > 0 ? 1 : 0;
}

/** Relative to the current folder when inside it, else absolute. */
function displayPath(io: CliIo, abs: string): string {
  const rel = path.relative(io.cwd, abs);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return abs;
  return rel || '.';
}
