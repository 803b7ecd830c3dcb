import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Rule, TextEdit } from '../../types';
import { isMinimalImage, MINIMAL_IMAGE_MISSING_TOOLS, parseImageRef } from '../../dockerfile/image';
import { containerField, field, fieldAt, forEachContainer, isTemplated, type Container, type K8sModel } from '../../yaml/k8s';
import { containerRef } from './shared/messages';
import { probeTargetFor, standardProbePath, type ProbeKey } from './shared/http-probe';

const PROBES: ProbeKey[] = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const HOOKS = ['postStart', 'preStop'];

export const k8sExecProbeInMinimalImage: Rule<K8sModel> = {
  id: 'k8s-exec-probe-in-minimal-image',
  target: 'k8s',
  meta: {
    description: 'No exec probe or lifecycle hook runs `curl`, `wget`, `cat` or a shell, which distroless images do not have.',
    defaultSeverity: 'error',
    fixable: true,
    fixSafety:
      'A probe that runs `curl` or `wget` on one local URL becomes an `httpGet` on that URL, the same check: safe when the container\'s image is distroless or scratch (the probe cannot work today), unsafe otherwise. Any other replacement is unsafe: `httpGet` on `/health` or `/ready` writes a path the files do not show the service serves, and the probe may work today in an image that has the program; where no port is known there is no fix. The `sleep` action replaces the author\'s command and needs Kubernetes 1.30 or later: unsafe.',
    why:
      "The standard's runtime images (distroless static, scratch) contain the Go binary and nothing else: an exec probe such as `curl localhost/health` or `cat /tmp/healthy` fails every time, so the kubelet kills a healthy container (liveness) or never routes traffic to it (readiness).",
    remediation:
      "Probe the service's own endpoints with `httpGet` (`/health`, `/ready`) instead; for a `preStop` pause use the built-in `sleep` action rather than `sh -c \"sleep N\"`.",
    examples: {
      bad:
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
        '      containers:\n' +
        '        - name: ledger\n' +
        '          image: gcr.io/distroless/static-debian12:nonroot\n' +
        '          ports:\n' +
        '            - {name: http, containerPort: 8080}\n' +
        '          livenessProbe:\n' +
        '            exec:\n' +
        '              command: [curl, -f, http://localhost:8080/health]\n',
      good:
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
        '      containers:\n' +
        '        - name: ledger\n' +
        '          image: gcr.io/distroless/static-debian12:nonroot\n' +
        '          ports:\n' +
        '            - {name: http, containerPort: 8080}\n' +
        '          livenessProbe:\n' +
        '            httpGet: {path: /health, port: http}\n',
    },
    conflicts:
      'The Kubernetes documentation and kube-linter examples use exec probes such as `cat /tmp/healthy`; they need a shell and coreutils in the image, which the standard\'s distroless runtime does not have.',
  },
  check(ctx) {
    const model = ctx.model;
    forEachContainer(model, (c) => {
      const doc = c.workload.doc;
      const fails = consequence(c);
      for (const key of PROBES) {
        const probe = field(doc, c.map, key);
        const exec = probe && field(doc, probe.node, 'exec');
        const tool = exec && programOf(exec.node, doc);
        if (!probe || !exec || !tool || !isMap(probe.node)) continue;
        // A curl or wget of a local URL: the same check as httpGet, without a program in the image.
        const url = localUrlOf(exec.node, doc);
        const path = url?.path ?? standardProbePath(key);
        const target = url ? { port: url.port, ...(url.https ? { scheme: 'HTTPS' as const } : {}) } : probeTargetFor(c);
        const edit = target ? model.editor.replacePair(probe.node, exec.pair, { httpGet: { path, ...target } }) : undefined;
        ctx.report({
          range: model.editor.rangeOf(tool.node),
          message: url
            ? `The ${key} of ${containerRef(c)} runs '${tool.name}', which distroless and scratch images do not have: ${fails('the probe always fails')}. Check the same URL with an httpGet probe (path ${path}, port ${url.port}), which needs no program in the image.`
            : `The ${key} of ${containerRef(c)} runs '${tool.name}', which distroless and scratch images do not have: ${fails('the probe always fails')}. Use an httpGet probe on ${path}${target ? '' : ' (on the port the service listens on, which the container does not declare)'}.`,
          fix: edit
            ? {
                title: `Replace the exec ${key} with httpGet on ${path}`,
                edits: [edit],
                // Safe only where the probe cannot work today (the image is known to lack the program) and the fix checks what it checked.
                safety: url && fails.certain ? 'safe' : 'unsafe',
              }
            : undefined,
        });
      }
      for (const hook of HOOKS) {
        const handler = fieldAt(doc, c.map, ['lifecycle', hook]);
        const exec = handler && field(doc, handler.node, 'exec');
        const tool = exec && programOf(exec.node, doc);
        if (!handler || !exec || !tool || !isMap(handler.node)) continue;
        const edit = sleepAction(model, handler.node, exec.pair, exec.node);
        ctx.report({
          range: model.editor.rangeOf(tool.node),
          message: `The ${hook} hook of ${containerRef(c)} runs '${tool.name}', which distroless and scratch images do not have: ${fails('the hook fails')}. ${edit ? 'Use the built-in sleep action (Kubernetes 1.30+).' : 'Do this work in the Go service (for example on SIGTERM) or use an httpGet hook.'}`,
          fix: edit ? { title: `Use the sleep action in ${hook}`, edits: [edit], safety: 'unsafe' } : undefined,
        });
      }
    });
  },
};

/**
 * The consequence, said only as far as the file shows it: certain when the container's image is
 * distroless or scratch, conditional on the image otherwise (redis, cassandra do have a shell).
 */
function consequence(c: Container): ((what: string) => string) & { certain: boolean } {
  const image = containerField(c, 'image')?.value;
  const minimal = typeof image === 'string' && image.trim() !== '' && !isTemplated(image) && isMinimalImage(parseImageRef(image.trim()));
  const say = (what: string) => (minimal ? `its image '${String(image).trim()}' is one of them, so ${what}` : `if its image is one of them (as the standard's runtime images are), ${what}`);
  return Object.assign(say, { certain: minimal });
}

const LOCAL_URL = /^(?:(https?):\/\/)?(?:localhost|127\.0\.0\.1|\[::1\]|0\.0\.0\.0)(?::(\d{1,5}))?(\/[^\s'"]*)?$/i;

/** The one local URL a curl or wget probe checks (`curl -f http://localhost:8080/ready`, in a list or an `sh -c` script). */
function localUrlOf(exec: unknown, doc: Container['workload']['doc']): { path: string; port: number; https: boolean } | undefined {
  const command = field(doc, exec, 'command')?.node;
  const words = isSeq(command) ? command.items.map((i) => (isScalar(i) && i.value !== null ? String(i.value) : '')) : isScalar(command) ? [String(command.value ?? '')] : [];
  if (!words.some((w) => /(^|[\s/])(curl|wget)(\s|$)/.test(w))) return undefined;
  const urls = new Set(
    words
      .flatMap((w) => w.split(/\s+/))
      .map((t) => t.replace(/^['"]|['"]$/g, ''))
      .filter((t) => LOCAL_URL.test(t)),
  );
  if (urls.size !== 1) return undefined;
  const m = LOCAL_URL.exec([...urls][0])!;
  const https = m[1]?.toLowerCase() === 'https';
  const port = m[2] !== undefined ? Number(m[2]) : https ? 443 : 80;
  if (port < 1 || port > 65535) return undefined;
  return { path: m[3] ?? '/', port, https };
}

/** The program an exec handler runs, when it is one of the missing ones. */
function programOf(exec: unknown, doc: Container['workload']['doc']): { name: string; node: Node } | undefined {
  const command = field(doc, exec, 'command');
  if (!command) return undefined;
  let first: unknown = command.node;
  let word: string | undefined;
  if (isSeq(command.node)) {
    first = command.node.items[0];
    word = isScalar(first) && first.value !== null ? String(first.value) : undefined;
  } else if (isScalar(command.node) && typeof command.node.value === 'string') {
    word = command.node.value.trim().split(/\s+/)[0];
  }
  const name = word?.split('/').pop();
  if (!name || !MINIMAL_IMAGE_MISSING_TOOLS.has(name) || !isScalar(first)) return undefined;
  return { name, node: first };
}

/** `sh -c "sleep 5"` becomes the kubelet's own `sleep: {seconds: 5}` (Kubernetes 1.30+). */
function sleepAction(model: K8sModel, handler: YAMLMap, pair: Pair, exec: unknown): TextEdit | undefined {
  const command = isMap(exec) ? exec.get('command', true) : undefined;
  if (!isSeq(command)) return undefined;
  const words = command.items.map((i) => (isScalar(i) ? String(i.value) : ''));
  const script = words.length === 3 && /(^|\/)(ba|da)?sh$/.test(words[0]) && words[1] === '-c' ? words[2].trim() : words.join(' ').trim();
  const m = /^(?:\/bin\/)?sleep\s+(\d+)$/.exec(script);
  if (!m) return undefined;
  return model.editor.replacePair(handler, pair, { sleep: { seconds: Number(m[1]) } });
}
