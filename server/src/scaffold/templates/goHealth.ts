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
// registered checks concurrently, each bounded by a timeout, and answers 503
// naming the failing dependencies; their errors go to the log, never to the
// response. Probes that arrive while a round of checks runs share it, so a
// burst of probes costs one call per dependency. /ready also answers 503 from
// the moment shutdown starts, while the server keeps serving for SHUTDOWN_DELAY,
// so load balancers see the 503 and stop sending traffic before the listener
// closes.
//
// Every replica checks the same shared dependencies: when the database fails,
// all replicas turn unready together and the Service has no endpoints until it
// is back. Register only checks of what this pod cannot serve without.
package health

import (
  "context"
  "encoding/json"
  "fmt"
  "log/slog"
  "net/http"
  "sort"
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
  shuttingDown atomic.Bool

  mu       sync.Mutex
  checks   []namedCheck
  cacheTTL time.Duration
  logger   *slog.Logger
  last     *round
}

type namedCheck struct {
  name  string
  check Check
}

// round is one run of every check, shared by the probes that wait for it.
type round struct {
  done     chan struct{}
  failing  map[string]error
  finished time.Time
}

// Status is the JSON body of /health and /ready.
type Status struct {
  Status string \`json:"status"\`
  // Failing names the failing dependencies; their errors are only logged.
  Failing []string \`json:"failing,omitempty"\`
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
  c.last = nil
}

// SetCacheTTL lets probes reuse a finished round of checks for ttl (default 0:
// only probes that arrive while a round runs share it).
func (c *Checker) SetCacheTTL(ttl time.Duration) {
  c.mu.Lock()
  defer c.mu.Unlock()
  c.cacheTTL = ttl
}

// SetLogger sets where failing checks are logged with their errors (default:
// slog.Default()).
func (c *Checker) SetLogger(logger *slog.Logger) {
  c.mu.Lock()
  defer c.mu.Unlock()
  c.logger = logger
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
  failing, err := c.Failing(r.Context())
  if err != nil {
    writeStatus(w, http.StatusServiceUnavailable, Status{Status: "unavailable"})
    return
  }
  if len(failing) > 0 {
    names := make([]string, 0, len(failing))
    for name := range failing {
      names = append(names, name)
    }
    sort.Strings(names)
    writeStatus(w, http.StatusServiceUnavailable, Status{Status: "unavailable", Failing: names})
    return
  }
  writeStatus(w, http.StatusOK, Status{Status: "ok"})
}

// Failing returns the failing checks with their errors (empty when all pass),
// or ctx's error when ctx ends first. Every check runs concurrently, bounded by
// the timeout; callers that arrive while a round runs wait for that round.
func (c *Checker) Failing(ctx context.Context) (map[string]error, error) {
  c.mu.Lock()
  r := c.last
  if r == nil || (!r.finished.IsZero() && time.Since(r.finished) >= c.cacheTTL) {
    r = &round{done: make(chan struct{})}
    c.last = r
    go c.run(r, append([]namedCheck(nil), c.checks...))
  }
  c.mu.Unlock()
  select {
  case <-r.done:
    return r.failing, nil
  case <-ctx.Done():
    return nil, ctx.Err()
  }
}

// run does one round. It does not depend on any one caller's context, since
// several share it; each check is bounded by the timeout.
func (c *Checker) run(r *round, checks []namedCheck) {
  type result struct {
    name string
    err  error
  }
  results := make(chan result, len(checks))
  for _, nc := range checks {
    go func(nc namedCheck) {
      results <- result{name: nc.name, err: c.runOne(nc.check)}
    }(nc)
  }
  failing := make(map[string]error)
  for range checks {
    if res := <-results; res.err != nil {
      failing[res.name] = res.err
    }
  }
  c.mu.Lock()
  logger := c.logger
  c.mu.Unlock()
  if logger == nil {
    logger = slog.Default()
  }
  // Logged before the waiting probes answer: a 503 is never seen before its reason is in the log.
  for name, err := range failing {
    logger.Warn("readiness check failed", "check", name, "error", err.Error())
  }
  c.mu.Lock()
  r.failing = failing
  r.finished = time.Now()
  c.mu.Unlock()
  close(r.done)
}

// runOne calls one check and gives up at the timeout even if the check ignores ctx.
func (c *Checker) runOne(check Check) error {
  ctx, cancel := context.WithTimeout(context.Background(), c.timeout)
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
  "bytes"
  "context"
  "encoding/json"
  "errors"
  "log/slog"
  "net/http"
  "net/http/httptest"
  "slices"
  "strings"
  "sync"
  "sync/atomic"
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

// syncBuffer is a log destination that the checks' goroutines may write to.
type syncBuffer struct {
  mu  sync.Mutex
  buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
  b.mu.Lock()
  defer b.mu.Unlock()
  return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
  b.mu.Lock()
  defer b.mu.Unlock()
  return b.buf.String()
}

func TestReadyNamesFailingDependencyAndLogsTheError(t *testing.T) {
  t.Parallel()
  var logs syncBuffer
  c := New(time.Second)
  c.SetLogger(slog.New(slog.NewJSONHandler(&logs, nil)))
  c.Add("database", failing(errors.New("dial tcp 10.0.0.7:5432: connection refused")))
  c.Add("queue", passing)
  rec := record(c, http.MethodGet, "/ready")
  code, s := decode(t, rec)
  if code != http.StatusServiceUnavailable {
    t.Fatalf("GET /ready = %d, want 503", code)
  }
  if !slices.Equal(s.Failing, []string{"database"}) {
    t.Fatalf("failing = %v, want only database", s.Failing)
  }
  if strings.Contains(rec.Body.String(), "10.0.0.7") {
    t.Fatalf("the public response leaks the error: %s", rec.Body.String())
  }
  if !strings.Contains(logs.String(), "10.0.0.7:5432: connection refused") || !strings.Contains(logs.String(), \`"check":"database"\`) {
    t.Fatalf("the error is not in the log: %s", logs.String())
  }
}

func TestConcurrentProbesShareOneRound(t *testing.T) {
  t.Parallel()
  var calls atomic.Int32
  release := make(chan struct{})
  c := New(5 * time.Second)
  c.Add("database", func(context.Context) error {
    calls.Add(1)
    <-release
    return nil
  })
  const probes = 20
  var wg sync.WaitGroup
  codes := make(chan int, probes)
  for i := 0; i < probes; i++ {
    wg.Add(1)
    go func() {
      defer wg.Done()
      codes <- record(c, http.MethodGet, "/ready").Code
    }()
  }
  deadline := time.Now().Add(5 * time.Second)
  for calls.Load() == 0 && time.Now().Before(deadline) {
    time.Sleep(time.Millisecond)
  }
  time.Sleep(50 * time.Millisecond) // let the other probes arrive while the round runs
  close(release)
  wg.Wait()
  close(codes)
  for code := range codes {
    if code != http.StatusOK {
      t.Fatalf("a probe got %d, want 200", code)
    }
  }
  if n := calls.Load(); n >= probes {
    t.Fatalf("%d concurrent probes made %d calls to the dependency, want them to share rounds", probes, n)
  }
  // A later probe runs the checks again: no stale result.
  c.Add("queue", failing(errors.New("down")))
  if code, s := serve(t, c, http.MethodGet, "/ready"); code != http.StatusServiceUnavailable || !slices.Equal(s.Failing, []string{"queue"}) {
    t.Fatalf("GET /ready after a change = %d %+v, want 503 naming queue", code, s)
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
    if code, s := decode(t, rec); code != http.StatusServiceUnavailable || !slices.Equal(s.Failing, []string{"stuck"}) {
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
  if code, s := serve(t, c, http.MethodGet, "/ready"); code != http.StatusServiceUnavailable || !slices.Equal(s.Failing, []string{"broken"}) {
    t.Fatalf("GET /ready = %d %+v, want 503 naming the panicking check", code, s)
  }
}
`);
}
