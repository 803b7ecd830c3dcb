// What the kustomizations around a manifest say about it, read from disk (bounded, cached by
// modification time): whether one lists it as a patch, and the `images:` overrides it gets.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { readBounded } from './files';

const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** An `images:` entry of a kustomization: kustomize rewrites matching container images when it builds. */
export interface KustomizeImage {
  /** The image name it matches (without tag or digest). */
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
  /** The kustomization file, for messages. */
  file: string;
}

interface Kustomization {
  patches: Set<string>;
  resources: Set<string>;
  images: KustomizeImage[];
}

const kustomizeCache = new Map<string, { mtimeMs: number; kustomization: Kustomization }>();
const MAX_KUSTOMIZATION_BYTES = 1024 * 1024;

/** The kustomization files in the same folder that list this file (as a resource or a patch). */
function kustomizationsListing(filePath: string): Kustomization[] {
  if (!filePath) return [];
  const found: Kustomization[] = [];
  try {
    const abs = path.resolve(filePath);
    const dir = path.dirname(abs);
    for (const name of KUSTOMIZATION_NAMES) {
      const k = path.join(dir, name);
      if (k === abs || !fs.existsSync(k)) continue;
      const kustomization = readKustomization(k);
      if (kustomization.patches.has(abs) || kustomization.resources.has(abs)) found.push(kustomization);
    }
  } catch {
    return found;
  }
  return found;
}

/** How many folders above a manifest's own are searched for a kustomization that lists it as a patch. */
const MAX_KUSTOMIZE_ANCESTORS = 8;

/**
 * True when a kustomization in the file's folder or a folder above it lists this file under
 * `patches` / `patchesStrategicMerge` (argo-cd `manifests/ha/base/kustomization.yaml` lists
 * `overlays/argocd-server-deployment.yaml`). The walk stops at a repository root (a `.git`
 * entry), the filesystem root, or after MAX_KUSTOMIZE_ANCESTORS folders.
 */
export function isKustomizePatch(filePath: string): boolean {
  if (!filePath) return false;
  try {
    const abs = path.resolve(filePath);
    let dir = path.dirname(abs);
    for (let depth = 0; depth <= MAX_KUSTOMIZE_ANCESTORS; depth++) {
      for (const name of KUSTOMIZATION_NAMES) {
        const k = path.join(dir, name);
        if (k !== abs && fs.existsSync(k) && readKustomization(k).patches.has(abs)) return true;
      }
      const parent = path.dirname(dir);
      if (parent === dir || fs.existsSync(path.join(dir, '.git'))) break;
      dir = parent;
    }
  } catch {
    return false;
  }
  return false;
}

/** The `images:` overrides that a kustomization in the same folder applies to this file's objects. */
export function kustomizeImagesFor(filePath: string): KustomizeImage[] {
  return kustomizationsListing(filePath).flatMap((k) => k.images);
}

/** What the kustomizations around a manifest say about it, for the Kubernetes model. */
export interface KustomizationLookup {
  /** A kustomization lists the file as a patch: its objects are partial by design. */
  isPatch(filePath: string): boolean;
  /** The `images:` overrides a kustomization in the file's folder applies to its objects. */
  imagesFor(filePath: string): KustomizeImage[];
}

/** The kustomizations on disk, read bounded and cached by modification time. */
export const kustomizationsOnDisk: KustomizationLookup = { isPatch: isKustomizePatch, imagesFor: kustomizeImagesFor };

/** The override of `images` that applies to an image reference (kustomize matches the name without tag or digest). */
export function kustomizeImageFor(images: readonly KustomizeImage[], image: string): KustomizeImage | undefined {
  const at = image.indexOf('@');
  let name = at === -1 ? image : image.slice(0, at);
  const colon = name.lastIndexOf(':');
  if (colon > name.lastIndexOf('/')) name = name.slice(0, colon);
  return images.find((i) => i.name === name);
}

function readKustomization(file: string): Kustomization {
  const mtimeMs = fs.statSync(file).mtimeMs;
  const cached = kustomizeCache.get(file);
  if (cached && cached.mtimeMs === mtimeMs) return cached.kustomization;
  const kustomization: Kustomization = { patches: new Set(), resources: new Set(), images: [] };
  // Bounded: the name may be a symlink to a device planted by the repository.
  const read = readBounded(file, MAX_KUSTOMIZATION_BYTES);
  if (!('bytes' in read)) return kustomization;
  const data = parseDocument(read.bytes.toString('utf8'), { strict: false }).toJS() as Record<string, unknown> | null;
  const dir = path.dirname(file);
  const add = (into: Set<string>, p: unknown) => {
    if (typeof p === 'string' && !p.includes('\n')) into.add(path.resolve(dir, p.trim()));
  };
  if (data && typeof data === 'object') {
    for (const key of ['patches', 'patchesJson6902', 'patchesStrategicMerge']) {
      const list = data[key];
      if (!Array.isArray(list)) continue;
      for (const entry of list) {
        if (typeof entry === 'string') add(kustomization.patches, entry);
        else if (entry && typeof entry === 'object') add(kustomization.patches, (entry as { path?: unknown }).path);
      }
    }
    for (const key of ['resources', 'bases']) {
      const list = data[key];
      if (Array.isArray(list)) for (const entry of list) add(kustomization.resources, entry);
    }
    const images = data.images;
    if (Array.isArray(images)) {
      for (const entry of images) {
        if (!entry || typeof entry !== 'object') continue;
        const { name, newName, newTag, digest } = entry as Record<string, unknown>;
        if (typeof name !== 'string' || name.trim() === '') continue;
        const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v).trim() || undefined : undefined);
        kustomization.images.push({ name: name.trim(), newName: text(newName), newTag: text(newTag), digest: text(digest), file: path.basename(file) });
      }
    }
  }
  kustomizeCache.set(file, { mtimeMs, kustomization });
  return kustomization;
}
