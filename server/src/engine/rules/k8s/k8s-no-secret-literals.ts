import { isMap, isSeq } from 'yaml';
import type { Rule } from '../../types';
import { isSecretName } from '../../secrets';
import { resolveNode } from '../../yaml/document';
import { containerField, field, forEachContainer, isTemplated, asText, valueRange, type K8sModel } from '../../yaml/k8s';
import { containerLabel } from './shared/messages';

export const k8sNoSecretLiterals: Rule<K8sModel> = {
  id: 'k8s-no-secret-literals',
  target: 'k8s',
  meta: {
    description: 'No `env[].value` with a secret-looking name (PASSWORD, TOKEN, API_KEY…) is a literal.',
    defaultSeverity: 'error',
    fixable: true,
    fixSafety:
      'Unsafe: the fix replaces the value with a `secretKeyRef` to a Secret (`<workload>-secrets`) that the files do not contain; until it is created with that key, the pod cannot start (CreateContainerConfigError).',
    why:
      'A password or token written in a manifest is in version control for good and readable by anyone who can `kubectl get` the workload.',
    remediation: 'Keep the value in a Secret and reference it with `valueFrom.secretKeyRef`.',
    notes:
      'The quick fix writes that reference: create the Secret with the value, then delete the literal from your history. ' +
      'Names whose last word only points at or describes a secret (`_FILE`, `_PATH`, `_DIR`, `_URL`, `_NAME`…) or that name a secret held elsewhere (`SECRET_ID`, `SECRET_VERSION`, `_REF`, `_ARN`, as for no-secrets-in-image) are not reported, nor are `$(VAR)` references.',
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
        '          image: ghcr.io/acme/ledger:3f9c2ab-v1.4.2\n' +
        '          ports:\n' +
        '            - {name: http, containerPort: 8080}\n' +
        '          env:\n' +
        '            - name: DATABASE_PASSWORD\n' +
        '              value: hunter2\n',
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
        '          image: ghcr.io/acme/ledger:3f9c2ab-v1.4.2\n' +
        '          ports:\n' +
        '            - {name: http, containerPort: 8080}\n' +
        '          env:\n' +
        '            - name: DATABASE_PASSWORD\n' +
        '              valueFrom:\n' +
        '                secretKeyRef: {name: ledger-db, key: password}\n',
    },
    equivalents: {
      kubeLinter: ['env-var-secret'],
    },
    conflicts:
      'Checkov CKV_K8S_35 prefers secrets mounted as files over environment variables; the standard configures services through the environment, so `secretKeyRef` is what the fix writes. Mount the Secret as a file and use a `*_FILE` variable if you follow CKV_K8S_35.',
  },
  check(ctx) {
    const model = ctx.model;
    forEachContainer(model, (c) => {
      const doc = c.workload.doc;
      const env = containerField(c, 'env')?.node;
      if (!isSeq(env)) return;
      for (const item of env.items) {
        const entry = resolveNode(item, doc);
        if (!isMap(entry)) continue;
        const name = asText(field(doc, entry, 'name')?.value);
        const value = field(doc, entry, 'value');
        if (!name || !value || !isSecretName(name)) continue;
        const literal = value.value;
        if (literal === null || literal === undefined || typeof literal === 'boolean') continue;
        const text = String(literal).trim();
        if (text === '' || /^(true|false)$/i.test(text) || /^\$\([A-Za-z_][A-Za-z0-9_]*\)$/.test(text) || isTemplated(text)) continue;
        const secretName = `${c.workload.name ?? 'app'}-secrets`;
        const key = name.toLowerCase().replace(/_/g, '-');
        const canFix = !field(doc, entry, 'valueFrom') && entry.items.includes(value.pair as never);
        ctx.report({
          range: valueRange(model, value),
          message: `${containerLabel(c)} has the secret '${name}' as a literal value, so it is in version control and visible to anyone who can read the workload. Move it to a Secret and reference it with valueFrom.secretKeyRef.`,
          fix: canFix
            ? {
                title: `Reference '${name}' from Secret '${secretName}'`,
                edits: [model.editor.replacePair(entry, value.pair, { valueFrom: { secretKeyRef: { name: secretName, key } } })],
                safety: 'unsafe',
              }
            : undefined,
        });
      }
    });
  },
};
