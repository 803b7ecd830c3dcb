import * as path from 'node:path';
import { isMap, isScalar, type Document, type Node, type Scalar } from 'yaml';
import type { Range, Rule, RuleContext } from './types';
import { getPair, resolveNode, type YamlFile } from './yaml/document';
import { YamlEditor } from './yaml/edit';
import { isTemplated } from './yaml/k8s';
import { isKoReference } from './recipes/references';
import { ruleById } from './rules';
import { isOwnImage } from './config';
import { parseImageRef } from './dockerfile/image';

/** A kustomization, by the names kustomize looks for. */
export function isKustomizationName(filePath: string): boolean {
  return ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].includes(path.basename(filePath));
}

/** One `images:` entry of a kustomization: what kustomize writes into matching containers when it builds. */
export interface KustomizationImageEntry {
  name: string;
  newName?: { value: string; node: Scalar };
  newTag?: { value: string; node: Scalar };
  digest?: { value: string; node: Scalar };
  /** The entry's `name:` value, where findings about the entry as a whole go. */
  nameNode: Scalar;
}

export interface KustomizationModel {
  file: YamlFile;
  editor: YamlEditor;
  doc: Document.Parsed;
  images: KustomizationImageEntry[];
  /** The `helmCharts:` key: charts kustomize inflates only with --enable-helm, not checked here. */
  helmCharts?: Node;
}

/** The `images:` entries of a kustomization file; undefined when it is not a map. */
export function buildKustomizationModel(file: YamlFile): KustomizationModel | undefined {
  const doc = file.docs[0];
  const root = doc ? resolveNode(doc.contents, doc) : undefined;
  if (!doc || !isMap(root)) return undefined;
  const images: KustomizationImageEntry[] = [];
  const pair = getPair(root, 'images', doc);
  const seq = pair ? resolveNode(pair.value, doc) : undefined;
  const text = (map: unknown, key: string) => {
    const p = getPair(map, key, doc);
    const v = p ? resolveNode(p.value, doc) : undefined;
    return isScalar(v) && (typeof v.value === 'string' || typeof v.value === 'number') && String(v.value).trim() !== '' ? { value: String(v.value).trim(), node: v as Scalar } : undefined;
  };
  for (const item of (seq as { items?: unknown[] } | undefined)?.items ?? []) {
    const map = resolveNode(item, doc);
    if (!isMap(map)) continue;
    const name = text(map, 'name');
    if (!name) continue;
    images.push({ name: name.value, nameNode: name.node, newName: text(map, 'newName'), newTag: text(map, 'newTag'), digest: text(map, 'digest') });
  }
  const helmCharts = getPair(root, 'helmCharts', doc)?.key as Node | undefined;
  return { file, editor: new YamlEditor(file), doc, images, ...(helmCharts ? { helmCharts } : {}) };
}

/**
 * `k8s-image-tag` on a kustomization's `images:` entries, at their own line: the tag kustomize
 * writes (`newTag: latest` is what gets deployed, whatever the base says). An entry that only
 * renames (`newName`) keeps the base's tag, judged in the base.
 */
function checkImages(ctx: RuleContext<KustomizationModel>): void {
  let pattern: RegExp | undefined;
  try {
    pattern = new RegExp(ctx.config.imageTagPattern);
  } catch {
    pattern = undefined;
  }
  const range = (node: Node): Range => ctx.model.editor.rangeOf(node);
  for (const entry of ctx.model.images) {
    if (entry.digest || !entry.newTag || isTemplated(entry.newTag.value) || isKoReference(entry.newName?.value ?? entry.name)) continue;
    const image = `${entry.newName?.value ?? entry.name}:${entry.newTag.value}`;
    const tag = entry.newTag.value;
    if (tag === 'latest') {
      ctx.report({
        range: range(entry.newTag.node),
        severity: 'error',
        message: `The images entry for '${entry.name}' sets newTag 'latest', so every container using it runs '${image}': each rollout may pull different code and a rollback changes nothing. Pin a release tag such as <git-sha>-v<semver>, or set digest.`,
      });
    } else if (pattern && !pattern.test(tag) && isOwnImage(parseImageRef(entry.newName?.value ?? entry.name), ctx.config.ownImages)) {
      // The release scheme is the service's own (ownImages): a third-party image is tagged by its publisher.
      ctx.report({
        range: range(entry.newTag.node),
        severity: 'warning',
        message: `The images entry for '${entry.name}' sets newTag '${tag}', which does not follow the release tag scheme <git-sha>-v<semver> (e.g. 3f9c2ab-v1.4.2), so it does not name one commit and one release. Tag images that way, or set digest.`,
      });
    }
  }
}

/** The rules a kustomization's own entries are held to, under the registry's ids. */
export const kustomizationRules: Rule<KustomizationModel>[] = [
  (() => {
    const rule = ruleById('k8s-image-tag')!;
    return { id: rule.id, target: rule.target, meta: rule.meta, check: checkImages };
  })(),
];

/** For docs/rules.md: what the rules read in a kustomization file itself. */
export const KUSTOMIZE_DOCS: Record<string, string> = {
  'k8s-image-tag':
    "**Kustomize.** The `images:` entries of every kustomization (`kustomization.yaml`, base or overlay) are judged at their own `newTag` line: `newTag: latest` is an error, a tag off the release scheme a warning for the service's own images (`ownImages`), an entry with `digest` passes, an entry that only sets `newName` keeps the base's tag (judged in the base). Without the kustomize binary nothing is rendered: a manifest's image is judged with the `images:` of a kustomization in its own folder, and an overlay's entries where they are written.",
};
