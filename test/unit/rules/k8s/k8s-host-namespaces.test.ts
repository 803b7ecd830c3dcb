import { ruleTester } from '../../helpers';

ruleTester('k8s-host-namespaces', {
  valid: [
    { name: 'false or unset', filePath: 'pod.yaml', code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: false\n  containers: [{name: p}]\n' },
    {
      name: 'Checkov and Polaris annotations for the fields that are set',
      filePath: 'ds.yaml',
      code: 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  annotations:\n    checkov.io/skip1: CKV_K8S_17=needs the host PIDs\n    polaris.fairwinds.com/hostNetworkSet-exempt: "true"\nspec:\n  template:\n    spec:\n      hostNetwork: true\n      hostPID: true\n      containers: [{name: agent}]\n',
    },
    {
      name: 'kube-linter annotation on a node agent',
      filePath: 'ds.yaml',
      code: 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  annotations:\n    ignore-check.kube-linter.io/host-network: "node agent"\nspec:\n  template:\n    spec:\n      hostNetwork: true\n      containers: [{name: agent}]\n',
    },
  ],
  invalid: [
    {
      name: 'each true namespace on its value',
      filePath: 'ds.yaml',
      code: 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\nspec:\n  template:\n    spec:\n      hostNetwork: true\n      hostPID: true\n      hostIPC: false\n      containers: [{name: agent}]\n',
      errors: [
        { line: 8, column: 20, endColumn: 24, severity: 'warning', message: 'hostNetwork: true' },
        { line: 9, column: 16, endColumn: 20, message: 'hostPID: true' },
      ],
      output: null,
    },
    {
      name: 'an annotation for one namespace leaves the others reported; Job',
      filePath: 'job.yaml',
      code: 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  annotations:\n    ignore-check.kube-linter.io/host-network: "x"\nspec:\n  template:\n    spec:\n      hostIPC: true\n      containers: [{name: j}]\n',
      errors: [{ line: 10, column: 16, message: 'hostIPC' }],
    },
  ],
});
