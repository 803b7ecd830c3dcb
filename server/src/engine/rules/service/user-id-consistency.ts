import type { Node, YAMLMap } from 'yaml';
import type { Fix, ServiceRule, TextEdit } from '../../types';
import { LineIndex } from '../../text';
import type { ServiceModel } from '../../service/model';
import type { ManifestContainer } from '../../service/yaml-facts';
import { dockerfileForCompose, imageFactsOf, where } from '../../service/rule-support';
import { ledgerService } from './shared/example-service';

export const userIdConsistency: ServiceRule<ServiceModel> = {
  id: 'user-id-consistency',
  target: 'service',
  meta: {
    description: "The manifest's `runAsUser` is the image's user (distroless `nonroot` is 65532), and `runAsNonRoot` has a numeric user to verify.",
    defaultSeverity: 'warning',
    fixable: true,
    fixSafety:
      'Unsafe: it replaces (or sets) the user id the author wrote, and files or volumes owned by the old id may no longer be writable.',
    why:
      "The image's files and the binary are owned by, and tested with, the image's user: a manifest `runAsUser` (or compose `user:`) that differs runs the binary as a user the image was not built for (unreadable files, wrong home).",
    remediation: "Set `runAsUser` to the image's UID: 65532 for distroless and Chainguard `nonroot`.",
    notes:
      'With `runAsNonRoot: true` but no numeric `runAsUser`, an image whose USER is a name (`USER nonroot:nonroot`) cannot be verified by the kubelet, which refuses to start the container (`CreateContainerConfigError`).',
    examples: {
      bad: ledgerService({
        'deploy/deployment.yaml':
          'apiVersion: apps/v1\n' +
          'kind: Deployment\n' +
          'metadata:\n' +
          '  name: ledger\n' +
          'spec:\n' +
          '  selector:\n' +
          '    matchLabels: {app: ledger}\n' +
          '  template:\n' +
          '    metadata:\n' +
          '      labels: {app: ledger}\n' +
          '    spec:\n' +
          '      securityContext:\n' +
          '        runAsNonRoot: true\n' +
          '        runAsUser: 1000\n' +
          '      containers:\n' +
          '        - name: ledger\n' +
          '          image: ghcr.io/acme/ledger:3f9c2ab-v1.4.2\n',
      }),
      good: ledgerService({
        'deploy/deployment.yaml':
          'apiVersion: apps/v1\n' +
          'kind: Deployment\n' +
          'metadata:\n' +
          '  name: ledger\n' +
          'spec:\n' +
          '  selector:\n' +
          '    matchLabels: {app: ledger}\n' +
          '  template:\n' +
          '    metadata:\n' +
          '      labels: {app: ledger}\n' +
          '    spec:\n' +
          '      securityContext:\n' +
          '        runAsNonRoot: true\n' +
          '        runAsUser: 65532\n' +
          '      containers:\n' +
          '        - name: ledger\n' +
          '          image: ghcr.io/acme/ledger:3f9c2ab-v1.4.2\n',
      }),
    },
  },
  check(ctx) {
    const model = ctx.model;
    const image = model.image;
    const user = image?.user;
    if (image && user) {
      const dockerfileAt = user.range ? where(model, image.dockerfile.path, user.range) : where(model, image.dockerfile.path, image.dockerfile.model.stages[image.dockerfile.model.stages.length - 1].fromRange);
      for (const c of model.containers) {
        if (c.runAsUser) {
          const value = c.runAsUser.value;
          // A root image is runtime-nonroot-user's finding; a manifest that overrides it is not the problem.
          if (typeof value !== 'number' || user.uid === undefined || user.uid === 0 || value === user.uid) continue;
          ctx.report({
            file: c.file,
            range: c.runAsUser.ref.range,
            message: `runAsUser ${value} differs from the image's user '${user.written}' (UID ${user.uid}, ${dockerfileAt}): the binary runs as a user the image was not built for. Set runAsUser: ${user.uid}.`,
            fix: { title: `Set runAsUser to ${user.uid}`, safety: 'unsafe', edits: [{ range: c.runAsUser.ref.range, newText: String(user.uid) }] },
          });
        } else if (c.runAsNonRoot?.value === true && user.isName && user.uid !== 0 && c.runAsNonRootContext) {
          const uid = user.uid;
          ctx.report({
            file: c.file,
            range: c.runAsNonRootContext.keyRange,
            message: `runAsNonRoot: true without a numeric runAsUser, while the image runs as the named user '${user.written}' (${dockerfileAt}): the kubelet cannot verify a name is not root and refuses to start the container. ${uid !== undefined ? `Set runAsUser: ${uid}.` : 'Use a numeric USER in the Dockerfile and the same runAsUser here.'}`,
            fix: uid !== undefined ? insertRunAsUser(c, uid) : undefined,
          });
        }
      }
    }
    for (const compose of model.composeServices) {
      const dockerfile = dockerfileForCompose(model, compose);
      const facts = dockerfile ? imageFactsOf(dockerfile) : undefined;
      const uid = facts?.user?.uid;
      if (!compose.user || uid === undefined || uid === 0) continue;
      const m = /^(\d+)(:.*)?$/.exec(compose.user.value);
      if (!m || Number(m[1]) === uid) continue;
      const range = { start: compose.user.range.start, end: { line: compose.user.range.start.line, character: compose.user.range.start.character + m[1].length } };
      ctx.report({
        file: compose.file,
        range,
        message: `user ${m[1]} of compose service '${compose.name}' differs from the image's user '${facts!.user!.written}' (UID ${uid}): the binary runs as a user the image was not built for. Use user: "${uid}:${uid}".`,
        fix: { title: `Set the user to ${uid}`, safety: 'unsafe', edits: [{ range, newText: String(uid) }] },
      });
    }
  },
};

/** Inserts `runAsUser: <uid>` beside `runAsNonRoot` in the same securityContext, block or flow style. */
function insertRunAsUser(c: ManifestContainer, uid: number): Fix | undefined {
  const context = c.runAsNonRootContext;
  const nonRoot = c.runAsNonRoot;
  if (!context || !nonRoot) return undefined;
  const text = c.yaml.text;
  const index = new LineIndex(text);
  const map = context.map as YAMLMap<Node, Node>;
  const title = `Set runAsUser: ${uid}`;
  const pair = map.items.find((p) => p.value === nonRoot.ref.node || (p.value as Node | null)?.range?.[0] === nonRoot.ref.node.range?.[0]);
  const anchorEnd = nonRoot.ref.node.range?.[1];
  if (anchorEnd === undefined || !pair) return undefined;
  let edit: TextEdit;
  if (map.flow) {
    const at = index.positionAt(anchorEnd);
    edit = { range: { start: at, end: at }, newText: `, runAsUser: ${uid}` };
  } else {
    const keyStart = (pair.key as Node).range?.[0];
    if (keyStart === undefined) return undefined;
    const keyPos = index.positionAt(keyStart);
    const lineStart = index.offsetAt({ line: keyPos.line, character: 0 });
    const indent = text.slice(lineStart, keyStart);
    // Only when the key starts its own line (not `- runAsNonRoot:` or `securityContext: {…}` tricks).
    if (indent.trim() !== '') return undefined;
    const endLine = index.positionAt(anchorEnd).line;
    const at = index.positionAt(index.lineEnd(endLine));
    edit = { range: { start: at, end: at }, newText: `\n${indent}runAsUser: ${uid}` };
  }
  return { title, safety: 'unsafe', edits: [edit] };
}
