import * as assert from 'node:assert/strict';
import { it } from 'node:test';
import { ruleTester } from '../../helpers';
import { fixSafetyOf } from '../../fix-safety';

const deployment = (container: string, seqIndent = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
${container
  .split('\n')
  .map((l) => (l ? seqIndent + l : l))
  .join('\n')}`;

ruleTester('k8s-resources', {
  valid: [
    {
      name: 'all four set',
      filePath: 'deploy.yaml',
      code: deployment(`      - name: api
        image: api:1
        resources:
          requests: {cpu: 100m, memory: 128Mi}
          limits: {cpu: 500m, memory: 512Mi}
`),
    },
    {
      name: 'resources through a merge key and an alias',
      filePath: 'deploy.yaml',
      code: `x-res: &res
  requests: {cpu: 1, memory: 1Gi}
  limits: &lim
    cpu: 2
    memory: 2Gi
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: a
    resources: *res
  - name: b
    resources:
      <<: *res
`,
    },
    { name: 'not a workload', filePath: 'svc.yaml', code: 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: [{port: 80}]\n' },
  ],
  invalid: [
    {
      name: 'requests only, quoted (GKE redis-cluster StatefulSet): on the resources key; limits quoted the same way, before ports',
      filePath: 'redis-cluster.yaml',
      code: deployment(`      - name: redis
        image: "redis:6.2"
        args:
          - "--protected-mode"
          - "no"
        resources:
          requests:
            cpu: "100m"
            memory: "100Mi"
        ports:
            - name: redis
              containerPort: 6379
              protocol: "TCP"
`),
      errors: [{ line: 14, column: 9, endColumn: 18, severity: 'error', message: 'limits.cpu, limits.memory' }],
      output: deployment(`      - name: redis
        image: "redis:6.2"
        args:
          - "--protected-mode"
          - "no"
        resources:
          requests:
            cpu: "100m"
            memory: "100Mi"
          limits:
            cpu: "500m"
            memory: "512Mi"
        ports:
            - name: redis
              containerPort: 6379
              protocol: "TCP"
`),
    },
    {
      name: 'one quantity missing among plain ones (GKE helloweb): on the resources key; plain values',
      filePath: 'helloweb.yaml',
      code: deployment(`      - name: hello-app
        image: us-docker.pkg.dev/google-samples/containers/gke/hello-app:1.0
        ports:
        - containerPort: 8080
        resources:
          requests:
            cpu: 200m
# [END container_helloapp_deployment]
`),
      errors: [{ line: 13, column: 9, endColumn: 18, message: 'requests.memory, limits.cpu, limits.memory' }],
      output: deployment(`      - name: hello-app
        image: us-docker.pkg.dev/google-samples/containers/gke/hello-app:1.0
        ports:
        - containerPort: 8080
        resources:
          requests:
            cpu: 200m
            memory: 128Mi
          limits:
            cpu: 500m
            memory: 512Mi
# [END container_helloapp_deployment]
`),
    },
    {
      name: 'no resources: on the name entry, inserted after ports',
      filePath: 'deploy.yaml',
      code: deployment(`      - name: api
        image: api:1
        ports:
        - containerPort: 8080
        env:
        - name: LOG_LEVEL
          value: info
`),
      errors: [{ line: 9, column: 9, endColumn: 18, severity: 'error', message: 'requests.cpu, requests.memory, limits.cpu, limits.memory' }],
      output: deployment(`      - name: api
        image: api:1
        ports:
        - containerPort: 8080
        resources:
          requests:
            cpu: 100m
            memory: 128Mi
          limits:
            cpu: 500m
            memory: 512Mi
        env:
        - name: LOG_LEVEL
          value: info
`),
    },
    {
      name: 'only limits missing: on the resources key, limits after requests, never below a request',
      filePath: 'deploy.yaml',
      code: deployment(`      - name: api
        image: api:1
        resources: # sized for the batch import
          requests:
            cpu: "2"
            memory: 256Mi
`),
      errors: [{ line: 11, column: 9, endColumn: 18, message: 'limits.cpu, limits.memory' }],
      output: deployment(`      - name: api
        image: api:1
        resources: # sized for the batch import
          requests:
            cpu: "2"
            memory: 256Mi
          limits:
            cpu: "2"
            memory: 512Mi
`),
    },
    {
      name: 'one missing value: on its group key, flow map kept flow',
      filePath: 'deploy.yaml',
      code: deployment(`      - name: api
        image: api:1
        resources:
          requests: {cpu: 100m}
          limits: {cpu: 500m, memory: 512Mi}
`),
      errors: [{ line: 12, column: 11, endColumn: 19, message: 'requests.memory' }],
      output: deployment(`      - name: api
        image: api:1
        resources:
          requests: {cpu: 100m, memory: 128Mi}
          limits: {cpu: 500m, memory: 512Mi}
`),
    },
    {
      name: 'resources: {} becomes a block; indented sequences and 4-space indentation kept',
      filePath: 'deploy.yaml',
      code: `apiVersion: apps/v1
kind: StatefulSet
metadata:
    name: db
spec:
    template:
        spec:
            containers:
                - name: db
                  image: db:1
                  resources: {}
`,
      errors: [{ line: 11, column: 19, endColumn: 28 }],
      output: `apiVersion: apps/v1
kind: StatefulSet
metadata:
    name: db
spec:
    template:
        spec:
            containers:
                - name: db
                  image: db:1
                  resources:
                      requests:
                          cpu: 100m
                          memory: 128Mi
                      limits:
                          cpu: 500m
                          memory: 512Mi
`,
    },
    {
      name: 'flow-style container gets a flow resources map',
      filePath: 'deploy.yaml',
      code: deployment(`      - {name: api, image: "api:1", ports: [{containerPort: 80}]}
`),
      errors: [{ line: 9, column: 10, endColumn: 19 }],
      output: deployment(`      - {name: api, image: "api:1", ports: [{containerPort: 80}], resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {cpu: 500m, memory: 512Mi}}}
`),
    },
    {
      name: 'init containers and CronJob containers too; configured defaults; CRLF kept',
      filePath: 'cron.yaml',
      config: { defaultResources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '1', memory: '256Mi' } } },
      code: 'apiVersion: batch/v1\r\nkind: CronJob\r\nmetadata:\r\n  name: nightly\r\nspec:\r\n  jobTemplate:\r\n    spec:\r\n      template:\r\n        spec:\r\n          initContainers:\r\n          - name: migrate\r\n            image: m:1\r\n          containers:\r\n          - name: job\r\n            image: j:1\r\n',
      errors: [{ line: 11, column: 13 }, { line: 14, column: 13 }],
      output:
        'apiVersion: batch/v1\r\nkind: CronJob\r\nmetadata:\r\n  name: nightly\r\nspec:\r\n  jobTemplate:\r\n    spec:\r\n      template:\r\n        spec:\r\n          initContainers:\r\n          - name: migrate\r\n            image: m:1\r\n            resources:\r\n              requests:\r\n                cpu: 50m\r\n                memory: 64Mi\r\n              limits:\r\n                cpu: "1"\r\n                memory: 256Mi\r\n          containers:\r\n          - name: job\r\n            image: j:1\r\n            resources:\r\n              requests:\r\n                cpu: 50m\r\n                memory: 64Mi\r\n              limits:\r\n                cpu: "1"\r\n                memory: 256Mi\r\n',
    },
    {
      name: 'every document of a multi-document file, no trailing newline',
      filePath: 'all.yaml',
      code: `apiVersion: v1
kind: Pod
metadata: {name: one}
spec:
  containers:
  - name: one
    image: one:1
---
# the second
apiVersion: v1
kind: ReplicationController
metadata: {name: two}
spec:
  template:
    spec:
      containers:
      - name: two
        image: two:1`,
      errors: [{ line: 6, column: 5 }, { line: 17, column: 9 }],
      output: `apiVersion: v1
kind: Pod
metadata: {name: one}
spec:
  containers:
  - name: one
    image: one:1
    resources:
      requests:
        cpu: 100m
        memory: 128Mi
      limits:
        cpu: 500m
        memory: 512Mi
---
# the second
apiVersion: v1
kind: ReplicationController
metadata: {name: two}
spec:
  template:
    spec:
      containers:
      - name: two
        image: two:1
        resources:
          requests:
            cpu: 100m
            memory: 128Mi
          limits:
            cpu: 500m
            memory: 512Mi`,
    },
  ],
});

ruleTester('k8s-resources', {
  valid: [],
  invalid: [
    {
      name: 'only the limits are missing (tailscale k8s-operator proxy.yaml): says what no limit means, not that the scheduler cannot place it',
      filePath: 'proxy.yaml',
      code: deployment(`      - name: tailscale
        resources:
          requests:
            cpu: 1m
            memory: 1Mi
        imagePullPolicy: Always
`),
      errors: [
        {
          line: 10,
          column: 9,
          endColumn: 18,
          message:
            /^Container 'tailscale' does not set resources limits\.cpu, limits\.memory: without limits it can take every idle core and grow until the node runs short of memory \(unless a LimitRange of its namespace sets defaults\)\. Set them to what the service needs\.$/,
        },
      ],
    },
    {
      name: 'only the requests are missing (selenium-hub-deployment.yaml): Kubernetes defaults them to the limits',
      filePath: 'selenium-hub-deployment.yaml',
      code: deployment(`      - name: selenium-hub
        image: selenium/hub:4.0
        resources:
          limits:
            memory: "1000Mi"
            cpu: ".5"
`),
      errors: [
        {
          line: 11,
          column: 9,
          endColumn: 18,
          message: /^Container 'selenium-hub' does not set resources requests\.cpu, requests\.memory: Kubernetes sets requests\.cpu and requests\.memory to their limits, so the scheduler reserves the full limits for it\. Set them to what the service needs\.$/,
        },
      ],
    },
    {
      name: 'one request beside its limit, one request with no limit',
      filePath: 'deploy.yaml',
      code: deployment(`      - name: api
        resources:
          limits:
            memory: 256Mi
`),
      errors: [
        {
          line: 10,
          column: 9,
          message:
            'requests.cpu, requests.memory, limits.cpu: Kubernetes sets requests.memory to its limit, so the scheduler reserves the full limit for it. Without requests.cpu the scheduler counts the pod as needing no CPU and may place it on a full node, and without limits.cpu it can take every idle core of the node (unless a LimitRange of its namespace sets defaults).',
        },
      ],
    },
  ],
});

it('k8s-resources: the fix is unsafe (the numbers are invented)', () => {
  assert.deepEqual(fixSafetyOf('k8s-resources', deployment('      - name: api\n        image: api:1\n'), { filePath: 'deploy.yaml' }), ['unsafe']);
});
