import type { ServiceRule } from '../../types';
import { servesEndpoint, type RouteRegistration } from '../../service/go-source';
import type { ServiceModel } from '../../service/model';
import { scaffoldHealthAction, where } from '../../service/rule-support';
import { ledgerService } from './shared/example-service';

const ENDPOINTS = ['/health', '/ready'] as const;

export const healthEndpoints: ServiceRule<ServiceModel> = {
  id: 'health-endpoints',
  target: 'service',
  meta: {
    description: 'The Go code registers HTTP handlers for both `/health` (liveness) and `/ready` (readiness).',
    defaultSeverity: 'warning',
    fixable: false,
    why:
      'Kubernetes probes (`k8s-liveness-probe`, `k8s-readiness-probe`) call `/health` and `/ready`; if the service does not serve them, pods never become ready or get restarted in a loop.',
    remediation:
      "Register handlers for both paths on the service's HTTP server. " +
      '`/health` answers 200 without touching dependencies; `/ready` answers 503 while a dependency check fails or the service drains.',
    notes:
      'The rule reads the Go syntax tree (comments and unrelated strings do not count) for registrations with `http.HandleFunc`/`Handle`, `ServeMux` method patterns (`"GET /ready"`), gorilla/mux, chi, gin, echo, fiber and httprouter, including paths kept in constants. ' +
      'The code action runs the scaffolding command that adds both handlers.',
    examples: {
      bad: ledgerService({
        'cmd/ledger/main.go':
          'package main\n' +
          '\n' +
          'import "context"\n' +
          'import "net/http"\n' +
          'import "os"\n' +
          'import "os/signal"\n' +
          'import "syscall"\n' +
          'import "time"\n' +
          '\n' +
          'func main() {\n' +
          '	mux := http.NewServeMux()\n' +
          '	mux.HandleFunc("GET /health", func(w http.ResponseWriter, _ *http.Request) {})\n' +
          '	srv := &http.Server{Addr: ":" + os.Getenv("PORT"), Handler: mux}\n' +
          '	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)\n' +
          '	defer stop()\n' +
          '	go srv.ListenAndServe()\n' +
          '	<-ctx.Done()\n' +
          '	shutdown, cancel := context.WithTimeout(context.Background(), 20*time.Second)\n' +
          '	defer cancel()\n' +
          '	_ = srv.Shutdown(shutdown)\n' +
          '}\n',
      }),
      good: ledgerService(),
    },
  },
  check(ctx) {
    const model = ctx.model;
    if (model.packages.size === 0 || !model.isDeployable) return;
    const routes: { route: RouteRegistration; file: string }[] = [];
    for (const pkg of model.packages.values()) for (const file of pkg.files) for (const route of file.routes) routes.push({ route, file: file.path });
    const found = (endpoint: string) => routes.find((r) => servesEndpoint(r.route.path, endpoint));
    const missing = ENDPOINTS.filter((e) => !found(e));
    if (missing.length === 0) return;
    const present = ENDPOINTS.filter((e) => found(e)).map((e) => `${e} is registered at ${where(model, found(e)!.file, found(e)!.route.range)}`);
    const what = missing.length === 2 ? 'registers neither /health nor /ready' : `does not register ${missing[0]} (${present.join('')})`;
    ctx.report({
      file: model.goMod.path,
      range: model.goMod.anchor,
      message: `The Go code of this service ${what}: the standard points Kubernetes liveness and readiness probes at /health and /ready, so probes that follow it fail. Add the handlers (code action: scaffold them).`,
      action: scaffoldHealthAction(model, 'Add /health and /ready handlers'),
    });
  },
};
