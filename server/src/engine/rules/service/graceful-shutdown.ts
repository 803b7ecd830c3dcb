import * as path from 'node:path';
import type { ServiceRule } from '../../types';
import { mainPackages, reachablePackages, type ServiceModel } from '../../service/model';
import { scaffoldHealthAction, serviceRelative, where } from '../../service/rule-support';
import { ledgerService } from './shared/example-service';

export const gracefulShutdown: ServiceRule<ServiceModel> = {
  id: 'graceful-shutdown',
  target: 'service',
  meta: {
    description: 'The main package subscribes to SIGTERM (`signal.Notify` / `signal.NotifyContext` with `syscall.SIGTERM`) to drain before exiting.',
    defaultSeverity: 'warning',
    fixable: false,
    why:
      'Kubernetes stops a pod by sending SIGTERM, then SIGKILL after `terminationGracePeriodSeconds`: a Go program that does not handle SIGTERM dies at once, and in-flight requests fail and connections are cut on every rollout.',
    remediation:
      'Subscribe with `signal.NotifyContext(ctx, syscall.SIGTERM)` (os.Interrupt alone is SIGINT, which Kubernetes never sends), stop accepting, call `http.Server.Shutdown` with a timeout below the grace period, then close dependencies.',
    notes:
      'The rule reads the Go syntax tree of each main package the Dockerfiles build (all main packages when none can be located) and of the packages of the module it imports. ' +
      'The code action runs the scaffolding command.',
    examples: {
      bad: ledgerService({
        'cmd/ledger/main.go':
          'package main\n' +
          '\n' +
          'import "net/http"\n' +
          'import "os"\n' +
          '\n' +
          'func main() {\n' +
          '	mux := http.NewServeMux()\n' +
          '	mux.HandleFunc("GET /health", func(w http.ResponseWriter, _ *http.Request) {})\n' +
          '	mux.HandleFunc("GET /ready", func(w http.ResponseWriter, _ *http.Request) {})\n' +
          '	_ = http.ListenAndServe(":"+os.Getenv("PORT"), mux)\n' +
          '}\n',
      }),
      good: ledgerService(),
    },
  },
  check(ctx) {
    const model = ctx.model;
    for (const pkg of mainPackages(model).packages) {
      const subscriptions = reachablePackages(model, pkg).flatMap((p) => p.files.flatMap((f) => f.signalSubscriptions.map((s) => ({ ...s, file: f.path }))));
      if (subscriptions.some((s) => s.sigterm)) continue;
      const mainFile = pkg.files.find((f) => f.mainFunc) ?? pkg.files[0];
      if (!mainFile) continue;
      const range = mainFile.mainFunc ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      const other = subscriptions[0];
      const detail = other
        ? `it subscribes to signals at ${where(model, other.file, other.range)} but not to SIGTERM (os.Interrupt is SIGINT, which Kubernetes does not send)`
        : 'it never calls signal.Notify or signal.NotifyContext for SIGTERM';
      const pkgName = `./${path.relative(model.root, pkg.dir).split(path.sep).join('/')}`.replace(/\/$/, '');
      ctx.report({
        file: mainFile.path,
        range,
        message: `The main package ${pkgName} (${serviceRelative(model, mainFile.path)}) does not drain on SIGTERM: ${detail}. Kubernetes sends SIGTERM to stop the pod, so in-flight requests are cut. Use signal.NotifyContext(ctx, syscall.SIGTERM) and http.Server.Shutdown.`,
        action: scaffoldHealthAction(model, 'Add graceful shutdown on SIGTERM'),
      });
    }
  },
};
