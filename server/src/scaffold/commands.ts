import type { ScaffoldTarget } from './types';

/** The palette commands of the scaffolding, one per target; ids are public (keybindings, quick-fix commands). */
export const SCAFFOLD_COMMANDS: readonly { id: string; title: string; target: ScaffoldTarget }[] = [
  { id: 'goContainerStandard.addHealthEndpoints', title: 'Go Container Standard: Add Health Endpoints', target: 'health' },
  { id: 'goContainerStandard.createDockerfile', title: 'Go Container Standard: Create Dockerfile', target: 'dockerfile' },
  { id: 'goContainerStandard.createKubernetesManifests', title: 'Go Container Standard: Create Kubernetes Manifests', target: 'k8s' },
  { id: 'goContainerStandard.createComposeFile', title: 'Go Container Standard: Create Compose File', target: 'compose' },
  { id: 'goContainerStandard.createMakefile', title: 'Go Container Standard: Create Makefile', target: 'makefile' },
  { id: 'goContainerStandard.createEnvExample', title: 'Go Container Standard: Create .env.example', target: 'env-example' },
  { id: 'goContainerStandard.createContainerWorkflow', title: 'Go Container Standard: Create Container Workflow', target: 'workflow' },
  { id: 'goContainerStandard.scaffoldService', title: 'Go Container Standard: Scaffold Service', target: 'all' },
];
