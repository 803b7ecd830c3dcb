import type { ServiceFacts } from '../../../server/src/scaffold';

export function facts(overrides: Partial<ServiceFacts> = {}): ServiceFacts {
  return {
    modulePath: 'github.com/acme/orders',
    goVersion: '1.25.0',
    service: 'orders',
    mainPackage: 'cmd/orders',
    mainExists: false,
    mainWired: false,
    hasGoSum: true,
    image: 'ghcr.io/acme/orders',
    serviceDirFromRepoRoot: '.',
    ...overrides,
  };
}
