import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Rule, TextEdit } from '../../types';
import { containerRef, field, fieldAt, forEachContainer, probeTargetFor, standardProbePath, type Container, type K8sModel, type ProbeKey } from '../../yaml/k8s';

/** Programs that distroless and scratch images do not have. */
const MISSING_IN_MINIMAL = new Set(['curl', 'wget', 'sh', 'bash', 'ash', 'dash', 'zsh', 'cat', 'busybox']);
const PROBES: ProbeKey[] = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const HOOKS = ['postStart', 'preStop'];

export const k8sExecProbeInMinimalImage: Rule<K8sModel> = {
  id: 'k8s-exec-probe-in-minimal-image',
  target: 'k8s',
  meta: {
    description: 'No exec probe or lifecycle hook runs `curl`, `wget`, `cat` or a shell, which distroless images do not have.',
    defaultSeverity: 'error',
    fixable: true,
    // h17b classifies
    fixSafety: 'Unsafe until each fix is classified: review every fix before applying it.',
    rationale:
      'The standard\'s runtime images (distroless static, scratch) contain the Go binary and nothing else: an exec probe such as `curl localhost/health` or `cat /tmp/healthy` fails every time, so the kubelet kills a healthy container (liveness) or never routes traffic to it (readiness). Probe the service\'s own endpoints with `httpGet` (`/health`, `/ready`) instead; for a `preStop` pause use the built-in `sleep` action rather than `sh -c "sleep N"`.',
    conflicts:
      'The Kubernetes documentation and kube-linter examples use exec probes such as `cat /tmp/healthy`; they need a shell and coreutils in the image, which the standard\'s distroless runtime does not have.',
  },
  check(ctx) {
    const model = ctx.model;
    forEachContainer(model, (c) => {
      const doc = c.workload.doc;
      for (const key of PROBES) {
        const probe = field(doc, c.map, key);
        const exec = probe && field(doc, probe.node, 'exec');
        const tool = exec && programOf(exec.node, doc);
        if (!probe || !exec || !tool || !isMap(probe.node)) continue;
        const path = standardProbePath(key);
        const edit = model.editor.replacePair(probe.node, exec.pair, { httpGet: { path, ...probeTargetFor(c) } });
        ctx.report({
          range: model.editor.rangeOf(tool.node),
          message: `The ${key} of ${containerRef(c)} runs '${tool.name}', which does not exist in distroless or scratch images: the probe always fails. Use an httpGet probe on ${path}.`,
          fix: { title: `Replace the exec ${key} with httpGet on ${path}`, edits: [edit], safety: 'unsafe' /* h17b classifies */ },
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
          message: `The ${hook} hook of ${containerRef(c)} runs '${tool.name}', which does not exist in distroless or scratch images: the hook fails. ${edit ? 'Use the built-in sleep action.' : 'Do this work in the Go service (for example on SIGTERM) or use an httpGet hook.'}`,
          fix: edit ? { title: `Use the sleep action in ${hook}`, edits: [edit], safety: 'unsafe' /* h17b classifies */ } : undefined,
        });
      }
    });
  },
};

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
  if (!name || !MISSING_IN_MINIMAL.has(name) || !isScalar(first)) return undefined;
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
