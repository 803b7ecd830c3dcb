import type { ServiceFacts } from '../types';
import { hasMethodPatterns } from '../goVersion';
import { goSource } from './text';

export const HEALTH_PACKAGE = 'internal/health';

/** internal/health/health.go: /health, /ready with concurrent bounded checks, 503 once shutdown starts. */
export function healthGo(facts: ServiceFacts): string {
  const patterns = hasMethodPatterns(facts.goVersion);
  const register = patterns
    ? `
// Register adds GET /health and GET /ready to mux.
func (c *Checker) Register(mux *http.ServeMux) {
  mux.HandleFunc("GET /health", c.serveHealth)
  mux.HandleFunc("GET /ready", c.serveReady)
}
`
    : `
// Register adds GET /health and GET /ready to mux. Method patterns need Go 1.22,
// so the methods are checked here.
func (c *Checker) Register(mux *http.ServeMux) {
  mux.Handle("/health", getOnly(http.HandlerFunc(c.serveHealth)))
  mux.Handle("/ready", getOnly(http.HandlerFunc(c.serveReady)))
}

func getOnly(next http.Handler) http.Handler {
  return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
    if r.Method != http.MethodGet && r.Method != http.MethodHead {
      w.Header().Set("Allow", "GET, HEAD")
      http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
      return
    }
    next.ServeHTTP(w, r)
  })
}
`;
  return goSource(`// Package health serves the liveness (/health) and readiness (/ready) endpoints.
//
// /health answers 200 whenever the process can serve HTTP and never touches a
// dependency, so a slow database does not get the pod restarted. /ready runs the
// registered checks concurrently, each bounded by a timeout, and answers 503 with
// the failing dependencies by name; it also answers 503 as soon as shutdown starts,
// so load balancers stop sending traffic while in-flight requests drain.
package health

import (
  "context"
  "encoding/json"
  "fmt"
  "net/http"
  "sync"
  "sync/atomic"
  "time"
)

// DefaultCheckTimeout bounds each readiness check when New gets no positive timeout.
const DefaultCheckTimeout = 2 * time.Second

// Check reports whether one dependency can serve traffic. It should return once
// ctx is done; the Checker stops waiting for it at the timeout either way.
type Check func(ctx context.Context) error

// Checker holds the readiness checks and knows whether shutdown has started.
type Checker struct {
  timeout      time.Duration
  mu           sync.RWMutex
  checks       []namedCheck
  shuttingDown atomic.Bool
}

type namedCheck struct {
  name  string
  check Check
}

// Status is the JSON body of /health and /ready.
type Status struct {
  Status string \`json:"status"\`
  // Failing maps each failing dependency to its error.
  Failing map[string]string \`json:"failing,omitempty"\`
}

// New returns a Checker that bounds each readiness check by timeout.
func New(timeout time.Duration) *Checker {
  if timeout <= 0 {
    timeout = DefaultCheckTimeout
  }
  return &Checker{timeout: timeout}
}

// Add registers the readiness check of a dependency (database, queue, ...).
func (c *Checker) Add(name string, check Check) {
  c.mu.Lock()
  defer c.mu.Unlock()
  c.checks = append(c.checks, namedCheck{name: name, check: check})
}

// StartShutdown makes /ready answer 503 from now on.
func (c *Checker) StartShutdown() {
  c.shuttingDown.Store(true)
}
${register}
func (c *Checker) serveHealth(w http.ResponseWriter, _ *http.Request) {
  writeStatus(w, http.StatusOK, Status{Status: "ok"})
}

func (c *Checker) serveReady(w http.ResponseWriter, r *http.Request) {
  if c.shuttingDown.Load() {
    writeStatus(w, http.StatusServiceUnavailable, Status{Status: "shutting down"})
    return
  }
  if failing := c.Failing(r.Context()); len(failing) > 0 {
    writeStatus(w, http.StatusServiceUnavailable, Status{Status: "unavailable", Failing: failing})
    return
  }
  writeStatus(w, http.StatusOK, Status{Status: "ok"})
}

// Failing runs every check concurrently, each bounded by the timeout, and
// returns the failing ones with their errors; it is empty when all pass.
func (c *Checker) Failing(ctx context.Context) map[string]string {
  c.mu.RLock()
  checks := append([]namedCheck(nil), c.checks...)
  c.mu.RUnlock()

  type result struct {
    name string
    err  error
  }
  results := make(chan result, len(checks))
  for _, nc := range checks {
    go func(nc namedCheck) {
      results <- result{name: nc.name, err: c.run(ctx, nc.check)}
    }(nc)
  }
  failing := make(map[string]string)
  for range checks {
    if r := <-results; r.err != nil {
      failing[r.name] = r.err.Error()
    }
  }
  return failing
}

// run calls one check and gives up at the timeout even if the check ignores ctx.
func (c *Checker) run(ctx context.Context, check Check) error {
  ctx, cancel := context.WithTimeout(ctx, c.timeout)
  defer cancel()
  done := make(chan error, 1)
  go func() {
    defer func() {
      if p := recover(); p != nil {
        done <- fmt.Errorf("check panicked: %v", p)
      }
    }()
    done <- check(ctx)
  }()
  select {
  case err := <-done:
    return err
  case <-ctx.Done():
    return fmt.Errorf("no answer within %s", c.timeout)
  }
}

func writeStatus(w http.ResponseWriter, code int, s Status) {
  w.Header().Set("Content-Type", "application/json")
  w.Header().Set("Cache-Control", "no-store")
  w.WriteHeader(code)
  _ = json.NewEncoder(w).Encode(s)
}
`);
}

/** internal/health/health_test.go: 200/503, failing names, timeouts, concurrency, shutdown. */
export function healthTestGo(_facts: ServiceFacts): string {
  return goSource(`package health

import (
  "context"
  "encoding/json"
  "errors"
  "net/http"
  "net/http/httptest"
  "sync"
  "testing"
  "time"
)

func record(c *Checker, method, path string) *httptest.ResponseRecorder {
  mux := http.NewServeMux()
  c.Register(mux)
  rec := httptest.NewRecorder()
  mux.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
  return rec
}

func serve(t *testing.T, c *Checker, method, path string) (int, Status) {
  t.Helper()
  return decode(t, record(c, method, path))
}

func decode(t *testing.T, rec *httptest.ResponseRecorder) (int, Status) {
  t.Helper()
  var s Status
  if rec.Code == http.StatusOK || rec.Code == http.StatusServiceUnavailable {
    if got := rec.Header().Get("Content-Type"); got != "application/json" {
      t.Fatalf("Content-Type %q, want application/json", got)
    }
    if err := json.Unmarshal(rec.Body.Bytes(), &s); err != nil {
      t.Fatalf("body %q is not JSON: %v", rec.Body.String(), err)
    }
  }
  return rec.Code, s
}

func failing(err error) Check {
  return func(context.Context) error { return err }
}

func passing(context.Context) error { return nil }

func TestHealthIgnoresDependencies(t *testing.T) {
  t.Parallel()
  c := New(time.Second)
  c.Add("database", failing(errors.New("connection refused")))
  if code, s := serve(t, c, http.MethodGet, "/health"); code != http.StatusOK || s.Status != "ok" {
    t.Fatalf("GET /health = %d %+v, want 200 ok", code, s)
  }
}

func TestHealthRejectsOtherMethods(t *testing.T) {
  t.Parallel()
  if code, _ := serve(t, New(time.Second), http.MethodPost, "/health"); code != http.StatusMethodNotAllowed {
    t.Fatalf("POST /health = %d, want 405", code)
  }
}

func TestReadyWithPassingChecks(t *testing.T) {
  t.Parallel()
  c := New(time.Second)
  c.Add("database", passing)
  c.Add("queue", passing)
  if code, s := serve(t, c, http.MethodGet, "/ready"); code != http.StatusOK || len(s.Failing) != 0 {
    t.Fatalf("GET /ready = %d %+v, want 200 with nothing failing", code, s)
  }
}

func TestReadyNamesFailingDependency(t *testing.T) {
  t.Parallel()
  c := New(time.Second)
  c.Add("database", failing(errors.New("connection refused")))
  c.Add("queue", passing)
  code, s := serve(t, c, http.MethodGet, "/ready")
  if code != http.StatusServiceUnavailable {
    t.Fatalf("GET /ready = %d, want 503", code)
  }
  if s.Failing["database"] != "connection refused" {
    t.Fatalf("failing = %v, want database: connection refused", s.Failing)
  }
  if _, ok := s.Failing["queue"]; ok {
    t.Fatalf("failing = %v, the queue check passed", s.Failing)
  }
}

func TestReadyBoundsEachCheckByTimeout(t *testing.T) {
  t.Parallel()
  release := make(chan struct{})
  t.Cleanup(func() { close(release) })
  c := New(50 * time.Millisecond)
  // This check ignores its context: the Checker must stop waiting anyway.
  c.Add("stuck", func(context.Context) error {
    <-release
    return nil
  })
  answered := make(chan *httptest.ResponseRecorder, 1)
  go func() { answered <- record(c, http.MethodGet, "/ready") }()
  select {
  case rec := <-answered:
    if code, s := decode(t, rec); code != http.StatusServiceUnavailable || s.Failing["stuck"] == "" {
      t.Fatalf("GET /ready = %d %+v, want 503 naming the check that never answers", code, s)
    }
  case <-time.After(5 * time.Second):
    t.Fatal("GET /ready did not answer: the check timeout is not enforced")
  }
}

func TestReadyRunsChecksConcurrently(t *testing.T) {
  t.Parallel()
  // Each check passes only once both have started, so run one after the other they time out.
  var started sync.WaitGroup
  started.Add(2)
  bothStarted := make(chan struct{})
  go func() {
    started.Wait()
    close(bothStarted)
  }()
  check := func(ctx context.Context) error {
    started.Done()
    select {
    case <-bothStarted:
      return nil
    case <-ctx.Done():
      return ctx.Err()
    }
  }
  c := New(2 * time.Second)
  c.Add("first", check)
  c.Add("second", check)
  if code, s := serve(t, c, http.MethodGet, "/ready"); code != http.StatusOK {
    t.Fatalf("GET /ready = %d %+v, want 200: checks did not run concurrently", code, s)
  }
}

func TestReadyAfterShutdownStarts(t *testing.T) {
  t.Parallel()
  c := New(time.Second)
  c.Add("database", passing)
  if code, _ := serve(t, c, http.MethodGet, "/ready"); code != http.StatusOK {
    t.Fatalf("GET /ready before shutdown = %d, want 200", code)
  }
  c.StartShutdown()
  if code, s := serve(t, c, http.MethodGet, "/ready"); code != http.StatusServiceUnavailable || s.Status != "shutting down" {
    t.Fatalf("GET /ready after shutdown started = %d %+v, want 503 shutting down", code, s)
  }
  if code, _ := serve(t, c, http.MethodGet, "/health"); code != http.StatusOK {
    t.Fatalf("GET /health during shutdown = %d, want 200", code)
  }
}

func TestPanickingCheckFails(t *testing.T) {
  t.Parallel()
  c := New(time.Second)
  c.Add("broken", func(context.Context) error { panic("boom") })
  if code, s := serve(t, c, http.MethodGet, "/ready"); code != http.StatusServiceUnavailable || s.Failing["broken"] == "" {
    t.Fatalf("GET /ready = %d %+v, want 503 naming the panicking check", code, s)
  }
}
`);
}
