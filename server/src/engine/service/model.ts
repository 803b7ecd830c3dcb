import * as path from 'node:path';
import type { ResolvedConfig } from '../config';
import { buildDockerfileModel, type DockerfileModel } from '../dockerfile/model';
import { goVersionOfTag } from '../dockerfile/image';
import { parseYamlFile, type YamlFile } from '../yaml/document';
import { isInside, nearestService, type Service, type ServiceWorkspace } from './discover';
import { parseGoMod, type GoModFile } from './go-mod';
import { analyzeGoSource, isBuildIgnored, packageClauseOf, type GoFileFacts } from './go-source';
import type { GoParser } from './go-parser';
import { buildTargets, exposedPorts, imageUser, shippedStage, type BuildTarget, type ExposedPort, type ImageUser } from './dockerfile-facts';
import { composeServices, imageName, isOfficialImage, manifestContainers, type ComposeServiceFacts, type ManifestContainer } from './yaml-facts';

/** Reads a file's current text (an editor buffer or the disk); undefined when it does not exist. */
export type FileReader = (absPath: string) => string | undefined;

export interface ServiceDockerfile {
  path: string;
  text: string;
  model: DockerfileModel;
  /** Absolute build context: a compose `build.context` naming this Dockerfile, else the service folder. */
  context: string;
  /** Compose services that build from it. */
  composeServices: ComposeServiceFacts[];
  buildTargets: BuildTarget[];
}

export interface GoPackage {
  /** Absolute folder. */
  dir: string;
  name?: string;
  importPath?: string;
  /** Buildable files (tests and `//go:build ignore` files excluded). */
  files: GoFileFacts[];
}

export interface ServiceModel {
  service: Service;
  root: string;
  name: string;
  goMod: GoModFile;
  dockerfiles: ServiceDockerfile[];
  /** The Dockerfile the manifests' image is built from: `Dockerfile` (or `Containerfile`) in the service folder, else the only Go one. */
  primaryDockerfile?: ServiceDockerfile;
  /** Facts of the shipped image of the primary Dockerfile. */
  image?: { dockerfile: ServiceDockerfile; user?: ImageUser; ports: ExposedPort[] };
  /** Go packages by absolute folder. */
  packages: Map<string, GoPackage>;
  /** False when the Go parser is not loaded: rules reading Go code stay quiet. */
  goAnalysed: boolean;
  /** Builds something to deploy (a main package or a Go Dockerfile), unlike a library module. */
  isDeployable: boolean;
  containers: ManifestContainer[];
  composeServices: ComposeServiceFacts[];
  /** Files present in the workspace (absolute paths). */
  exists(absPath: string): boolean;
  /** True when some file of the workspace is inside the folder. */
  dirExists(absDir: string): boolean;
  /** Files directly in the folder (absolute paths). */
  filesIn(absDir: string): string[];
  readFile: FileReader;
}

/** Parses each file of a workspace once, for every service that reads it. */
export class WorkspaceFiles {
  private readonly yaml = new Map<string, YamlFile | null>();
  private readonly dockerfiles = new Map<string, { text: string; model: DockerfileModel } | null>();
  private readonly goFacts = new Map<string, { text: string; facts: GoFileFacts }>();
  private readonly manifestCache = new Map<string, ManifestContainer[]>();
  private readonly composeCache = new Map<string, ComposeServiceFacts[]>();
  private readonly dirs = new Set<string>();
  private readonly filesByDir = new Map<string, string[]>();

  constructor(
    readonly workspace: ServiceWorkspace,
    readonly readFile: FileReader,
    readonly config: (absPath: string) => ResolvedConfig,
    readonly parser: GoParser | undefined,
  ) {
    for (const file of workspace.files) {
      const parent = path.dirname(file);
      if (!this.filesByDir.has(parent)) this.filesByDir.set(parent, []);
      this.filesByDir.get(parent)!.push(file);
      for (let dir = path.dirname(file); !this.dirs.has(dir); dir = path.dirname(dir)) {
        this.dirs.add(dir);
        if (path.dirname(dir) === dir) break;
      }
    }
  }

  dirExists(dir: string): boolean {
    return this.dirs.has(path.resolve(dir));
  }

  filesIn(dir: string): string[] {
    return this.filesByDir.get(path.resolve(dir)) ?? [];
  }

  yamlFile(file: string): YamlFile | undefined {
    if (!this.yaml.has(file)) {
      const text = this.readFile(file);
      const parsed = text === undefined || text.length > MAX_FILE_BYTES ? undefined : parseYamlFile(text);
      this.yaml.set(file, parsed && !parsed.error && !parsed.isTemplate ? parsed : null);
    }
    return this.yaml.get(file) ?? undefined;
  }

  manifests(file: string): ManifestContainer[] {
    if (!this.manifestCache.has(file)) {
      const yaml = this.yamlFile(file);
      this.manifestCache.set(file, yaml ? orNothing(() => manifestContainers(file, yaml), []) : []);
    }
    return this.manifestCache.get(file)!;
  }

  compose(file: string): ComposeServiceFacts[] {
    if (!this.composeCache.has(file)) {
      const yaml = this.yamlFile(file);
      this.composeCache.set(file, yaml ? orNothing(() => composeServices(file, yaml), []) : []);
    }
    return this.composeCache.get(file)!;
  }

  dockerfile(file: string): { text: string; model: DockerfileModel } | undefined {
    if (!this.dockerfiles.has(file)) {
      const text = this.readFile(file);
      const model = text === undefined || text.length > MAX_FILE_BYTES ? undefined : orNothing(() => buildDockerfileModel(text), undefined);
      this.dockerfiles.set(file, text !== undefined && model ? { text, model } : null);
    }
    return this.dockerfiles.get(file) ?? undefined;
  }

  goFile(file: string): GoFileFacts | undefined {
    const text = this.readFile(file);
    if (text === undefined) return undefined;
    const cached = this.goFacts.get(file);
    if (cached && cached.text === text) return cached.facts;
    const facts: GoFileFacts = this.parser
      ? analyzeGoSource(file, text, this.parser)
      : { path: file, packageName: packageClauseOf(text), buildIgnored: isBuildIgnored(text), imports: [], routes: [], signalSubscriptions: [], envReads: [] };
    this.goFacts.set(file, { text, facts });
    return facts;
  }
}

const MAX_GO_FILE_BYTES = 1024 * 1024;
/** As the per-file pass: larger files are skipped (and reported there). */
const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** A file the per-file pass cannot parse gets its finding there; here it just contributes nothing. */
function orNothing<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}
const MAX_GO_FILES = 10_000;

/** Everything the service rules judge about one service; undefined when its go.mod cannot be read. */
export function buildServiceModel(service: Service, files: WorkspaceFiles): ServiceModel | undefined {
  const goModText = files.readFile(service.goMod);
  if (goModText === undefined) return undefined;
  const goMod = parseGoMod(service.goMod, goModText);
  const { workspace } = files;
  const composeAll = workspace.yamlFiles.flatMap((f) => files.compose(f));

  const packages = new Map<string, GoPackage>();
  for (const file of service.goFiles.slice(0, MAX_GO_FILES)) {
    const base = path.basename(file);
    if (base.endsWith('_test.go') || /^[._]/.test(base)) continue;
    const text = files.readFile(file);
    if (text === undefined || text.length > MAX_GO_FILE_BYTES) continue;
    const facts = files.goFile(file);
    if (!facts || facts.buildIgnored) continue;
    const dir = path.dirname(file);
    if (!packages.has(dir)) {
      const rel = path.relative(service.root, dir).split(path.sep).join('/');
      packages.set(dir, { dir, name: facts.packageName, importPath: goMod.module ? (rel ? `${goMod.module}/${rel}` : goMod.module) : undefined, files: [] });
    }
    packages.get(dir)!.files.push(facts);
  }

  const dockerfiles: ServiceDockerfile[] = [];
  for (const file of workspace.dockerfiles) {
    const builders = composeAll.filter((c) => c.build && path.resolve(c.build.dockerfile) === file);
    const composeContext = builders.find((c) => nearestService(workspace.services, path.join(c.build!.context, 'go.mod'))?.root === service.root)?.build?.context;
    const owner = composeContext ? service : nearestService(workspace.services, file);
    if (owner !== service) continue;
    const parsed = files.dockerfile(file);
    if (!parsed || !parsed.model.isGo) continue;
    const context = composeContext ?? builders[0]?.build?.context ?? service.root;
    const isContextDir = (rel: string) => rel === '' || files.dirExists(path.join(context, rel));
    dockerfiles.push({
      path: file,
      text: parsed.text,
      model: parsed.model,
      context,
      composeServices: builders,
      buildTargets: buildTargets(parsed.model, goMod.module, isContextDir),
    });
  }
  const primaryDockerfile =
    dockerfiles.find((d) => path.dirname(d.path) === service.root && /^(Dockerfile|Containerfile)$/i.test(path.basename(d.path))) ??
    (dockerfiles.length === 1 ? dockerfiles[0] : undefined);
  const stage = primaryDockerfile ? shippedStage(primaryDockerfile.model) : undefined;
  const image = primaryDockerfile && stage ? { dockerfile: primaryDockerfile, user: imageUser(stage), ports: exposedPorts(stage) } : undefined;

  const names = serviceNames(service, goMod);
  const otherNames = new Set(workspace.services.filter((s) => s !== service).flatMap((s) => [...serviceNames(s, undefined)]));
  const matchesName = (value: string | undefined) => !!value && names.has(normalizeName(value));
  const containers: ManifestContainer[] = [];
  for (const file of workspace.yamlFiles) {
    const owned = isInside(service.root, file) && nearestService(workspace.services, file) === service;
    for (const c of files.manifests(file)) {
      const imageMatches = !!c.image && matchesName(imageName(c.image));
      const nameMatches = matchesName(c.name) || matchesName(c.workloadName);
      // Under the service folder, a pod's only container is the service's, when it has a single image to compare with.
      const soleAppContainer = !c.isInit && c.podContainerCount === 1 && !!c.image && dockerfiles.length === 1;
      const foreignImage = !!c.image && !imageMatches && (isOfficialImage(c.image) || otherNames.has(normalizeName(imageName(c.image))));
      if (imageMatches || (owned && !foreignImage && (nameMatches || soleAppContainer))) containers.push(c);
    }
  }
  const composeOwned = composeAll.filter((c) => {
    if (c.build) return dockerfiles.some((d) => d.composeServices.includes(c)) || nearestService(workspace.services, path.join(c.build.context, 'go.mod')) === service;
    return !!c.image && matchesName(imageName(c.image));
  });

  return {
    service,
    root: service.root,
    name: service.name,
    goMod,
    dockerfiles,
    primaryDockerfile,
    image,
    packages,
    goAnalysed: !!files.parser,
    isDeployable: dockerfiles.length > 0 || [...packages.values()].some((p) => p.name === 'main'),
    containers,
    composeServices: composeOwned,
    exists: (p) => workspace.files.has(path.resolve(p)),
    dirExists: (p) => files.dirExists(p),
    filesIn: (p) => files.filesIn(p),
    readFile: files.readFile,
  };
}

/** Names that identify a service's image: its folder and the last element of its module path. */
function serviceNames(service: Service, goMod: GoModFile | undefined): Set<string> {
  const names = new Set([normalizeName(service.name)]);
  const module = goMod?.module;
  if (module) {
    const parts = module.split('/').filter((p) => !/^v\d+$/.test(p));
    if (parts.length) names.add(normalizeName(parts[parts.length - 1]));
  }
  return names;
}

/** `Payments_Service` and `payments-svc` both name `payments`. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/_/g, '-').replace(/-(service|svc)$/, '');
}

/** The main packages: the ones the Dockerfiles build, or all of them when no build can be located. */
export function mainPackages(model: ServiceModel): { packages: GoPackage[]; fromDockerfile: boolean } {
  const all = [...model.packages.values()].filter((p) => p.name === 'main');
  const built = new Set<GoPackage>();
  for (const d of model.dockerfiles) {
    for (const t of d.buildTargets) {
      if (t.contextDir === undefined) continue;
      const pkg = model.packages.get(path.resolve(d.context, t.contextDir));
      if (pkg?.name === 'main') built.add(pkg);
    }
  }
  return built.size ? { packages: [...built], fromDockerfile: true } : { packages: all, fromDockerfile: false };
}

/** The package and the packages of the same module it imports, transitively. */
export function reachablePackages(model: ServiceModel, start: GoPackage): GoPackage[] {
  const byImportPath = new Map([...model.packages.values()].filter((p) => p.importPath).map((p) => [p.importPath!, p]));
  const seen = new Set<GoPackage>([start]);
  const queue = [start];
  while (queue.length) {
    const pkg = queue.shift()!;
    for (const file of pkg.files) {
      for (const imp of file.imports) {
        const dep = byImportPath.get(imp);
        if (dep && !seen.has(dep)) {
          seen.add(dep);
          queue.push(dep);
        }
      }
    }
  }
  return [...seen];
}

export { goVersionOfTag };
