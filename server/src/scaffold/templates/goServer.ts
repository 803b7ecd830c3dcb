import type { ServiceFacts } from '../types';
import { goSource } from './text';
import { HEALTH_PACKAGE } from './goHealth';

export const SERVER_PACKAGE = 'internal/server';
export const DEFAULT_PORT = 8080;
/** Seconds; below the 30 s terminationGracePeriodSeconds so the process always ends first. */
export const DEFAULT_SHUTDOWN_SECONDS = 25;
export const DEFAULT_CHECK_TIMEOUT = '2s';

/** internal/server/config.go: configuration from the environment only. */
export function configGo(facts: ServiceFacts): string {
  return goSource(`package server

import (
  "errors"
  "fmt"
  "log/slog"
  "strconv"
  "strings"
  "time"

  "${facts.modulePath}/${HEALTH_PACKAGE}"
)

// Defaults of the environment variables documented in .env.example.
const (
  DefaultPort            = "${DEFAULT_PORT}"
  DefaultShutdownTimeout = ${DEFAULT_SHUTDOWN_SECONDS} * time.Second
)

// Config is read from the environment only, never from files in the image.
type Config struct {
  // Port is PORT, the TCP port to listen on.
  Port string
  // ShutdownTimeout is SHUTDOWN_TIMEOUT, the budget for draining requests and
  // running closers after SIGTERM; keep it below terminationGracePeriodSeconds.
  ShutdownTimeout time.Duration
  // CheckTimeout is READINESS_CHECK_TIMEOUT, the bound of each readiness check.
  CheckTimeout time.Duration
  // LogLevel is LOG_LEVEL: debug, info, warn or error.
  LogLevel slog.Level
}

// ConfigFromEnv reads the configuration through getenv (os.Getenv in main).
func ConfigFromEnv(getenv func(string) string) (Config, error) {
  cfg := Config{
    Port:            DefaultPort,
    ShutdownTimeout: DefaultShutdownTimeout,
    CheckTimeout:    health.DefaultCheckTimeout,
    LogLevel:        slog.LevelInfo,
  }
  var problems []string
  if v := getenv("PORT"); v != "" {
    if n, err := strconv.Atoi(v); err != nil || n < 1 || n > 65535 {
      problems = append(problems, fmt.Sprintf("PORT=%q is not a port number (1-65535)", v))
    } else {
      cfg.Port = v
    }
  }
  if v := getenv("SHUTDOWN_TIMEOUT"); v != "" {
    if d, err := parseDuration(v); err != nil {
      problems = append(problems, fmt.Sprintf("SHUTDOWN_TIMEOUT=%q: %v", v, err))
    } else {
      cfg.ShutdownTimeout = d
    }
  }
  if v := getenv("READINESS_CHECK_TIMEOUT"); v != "" {
    if d, err := parseDuration(v); err != nil {
      problems = append(problems, fmt.Sprintf("READINESS_CHECK_TIMEOUT=%q: %v", v, err))
    } else {
      cfg.CheckTimeout = d
    }
  }
  if v := getenv("LOG_LEVEL"); v != "" {
    if err := cfg.LogLevel.UnmarshalText([]byte(v)); err != nil {
      problems = append(problems, fmt.Sprintf("LOG_LEVEL=%q is not debug, info, warn or error", v))
    }
  }
  if len(problems) > 0 {
    return cfg, errors.New(strings.Join(problems, "; "))
  }
  return cfg, nil
}

// parseDuration accepts Go durations ("25s", "1m30s") and whole seconds ("25").
func parseDuration(v string) (time.Duration, error) {
  d, err := time.ParseDuration(v)
  if err != nil {
    n, nerr := strconv.Atoi(v)
    if nerr != nil {
      return 0, errors.New("want a duration such as 25s, or whole seconds")
    }
    d = time.Duration(n) * time.Second
  }
  if d <= 0 {
    return 0, errors.New("want a positive duration")
  }
  return d, nil
}
`);
}

/** internal/server/server.go: serve until the context ends, then drain and close within the budget. */
export function serverGo(_facts: ServiceFacts): string {
  return goSource(`// Package server runs the HTTP server and shuts it down gracefully: when the
// context ends (SIGTERM), readiness turns 503, the listener closes, in-flight
// requests finish, and the registered closers run in reverse order, all within
// Config.ShutdownTimeout.
package server

import (
  "context"
  "errors"
  "fmt"
  "log/slog"
  "net"
  "net/http"
  "time"
)

// Readiness is told when shutdown starts (*health.Checker implements it).
type Readiness interface {
  StartShutdown()
}

// Server is an http.Server with a graceful, bounded shutdown.
type Server struct {
  cfg       Config
  http      *http.Server
  readiness Readiness
  logger    *slog.Logger
  closers   []closer
}

type closer struct {
  name  string
  close func(context.Context) error
}

// New returns a Server for handler; readiness may be nil.
func New(cfg Config, handler http.Handler, readiness Readiness, logger *slog.Logger) *Server {
  return &Server{
    cfg: cfg,
    http: &http.Server{
      Handler:           handler,
      ReadHeaderTimeout: 10 * time.Second,
      IdleTimeout:       2 * time.Minute,
      ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
    },
    readiness: readiness,
    logger:    logger,
  }
}

// OnShutdown registers a closer (database, queue consumer, log flush, ...).
// Closers run after requests have drained, in reverse order of registration,
// with a context that ends with the shutdown budget.
func (s *Server) OnShutdown(name string, close func(context.Context) error) {
  s.closers = append(s.closers, closer{name: name, close: close})
}

// ListenAndServe listens on Config.Port and serves until ctx ends.
func (s *Server) ListenAndServe(ctx context.Context) error {
  ln, err := net.Listen("tcp", ":"+s.cfg.Port)
  if err != nil {
    return err
  }
  return s.Serve(ctx, ln)
}

// Serve serves on ln until ctx ends, then shuts down gracefully. It returns
// nil when everything drained and closed within the budget.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
  served := make(chan error, 1)
  go func() { served <- s.http.Serve(ln) }()
  s.logger.Info("listening", "addr", ln.Addr().String())
  select {
  case err := <-served:
    return errors.Join(fmt.Errorf("serving: %w", err), s.shutdown())
  case <-ctx.Done():
  }
  return s.shutdown()
}

func (s *Server) shutdown() error {
  if s.readiness != nil {
    s.readiness.StartShutdown()
  }
  s.logger.Info("shutting down", "budget", s.cfg.ShutdownTimeout.String())
  ctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
  defer cancel()

  var errs []error
  if err := s.http.Shutdown(ctx); err != nil {
    errs = append(errs, fmt.Errorf("draining requests: %w", err))
    _ = s.http.Close()
  }
  for i := len(s.closers) - 1; i >= 0; i-- {
    c := s.closers[i]
    if err := callWithin(ctx, c.close); err != nil {
      errs = append(errs, fmt.Errorf("closing %s: %w", c.name, err))
      continue
    }
    s.logger.Info("closed", "name", c.name)
  }
  return errors.Join(errs...)
}

// callWithin runs close but stops waiting when ctx ends, so a stuck closer cannot outlast the budget.
func callWithin(ctx context.Context, close func(context.Context) error) error {
  done := make(chan error, 1)
  go func() { done <- close(ctx) }()
  select {
  case err := <-done:
    return err
  case <-ctx.Done():
    return ctx.Err()
  }
}
`);
}

/** internal/server/server_test.go: config, draining an in-flight request, closer order, the budget. */
export function serverTestGo(facts: ServiceFacts): string {
  return goSource(`package server

import (
  "context"
  "io"
  "log/slog"
  "net"
  "net/http"
  "net/http/httptest"
  "strings"
  "sync"
  "testing"
  "time"

  "${facts.modulePath}/${HEALTH_PACKAGE}"
)

func env(vars map[string]string) func(string) string {
  return func(k string) string { return vars[k] }
}

func TestConfigDefaults(t *testing.T) {
  t.Parallel()
  cfg, err := ConfigFromEnv(env(nil))
  if err != nil {
    t.Fatal(err)
  }
  if cfg.Port != "${DEFAULT_PORT}" || cfg.ShutdownTimeout != ${DEFAULT_SHUTDOWN_SECONDS}*time.Second || cfg.LogLevel != slog.LevelInfo {
    t.Fatalf("defaults = %+v", cfg)
  }
}

func TestConfigFromEnv(t *testing.T) {
  t.Parallel()
  cfg, err := ConfigFromEnv(env(map[string]string{
    "PORT":                    "9090",
    "SHUTDOWN_TIMEOUT":        "10",
    "READINESS_CHECK_TIMEOUT": "500ms",
    "LOG_LEVEL":               "debug",
  }))
  if err != nil {
    t.Fatal(err)
  }
  if cfg.Port != "9090" || cfg.ShutdownTimeout != 10*time.Second || cfg.CheckTimeout != 500*time.Millisecond || cfg.LogLevel != slog.LevelDebug {
    t.Fatalf("config = %+v", cfg)
  }
}

func TestConfigRejectsBadValues(t *testing.T) {
  t.Parallel()
  _, err := ConfigFromEnv(env(map[string]string{"PORT": "http", "SHUTDOWN_TIMEOUT": "-5s", "LOG_LEVEL": "loud"}))
  if err == nil {
    t.Fatal("want an error for PORT, SHUTDOWN_TIMEOUT and LOG_LEVEL")
  }
  for _, name := range []string{"PORT", "SHUTDOWN_TIMEOUT", "LOG_LEVEL"} {
    if !strings.Contains(err.Error(), name) {
      t.Errorf("error %q does not name %s", err, name)
    }
  }
}

type started struct {
  addr   string
  cancel context.CancelFunc
  served chan error
}

func start(t *testing.T, srv *Server) started {
  t.Helper()
  ln, err := net.Listen("tcp", "127.0.0.1:0")
  if err != nil {
    t.Fatal(err)
  }
  ctx, cancel := context.WithCancel(context.Background())
  t.Cleanup(cancel)
  served := make(chan error, 1)
  go func() { served <- srv.Serve(ctx, ln) }()
  return started{addr: ln.Addr().String(), cancel: cancel, served: served}
}

func quietLogger() *slog.Logger {
  return slog.New(slog.NewJSONHandler(io.Discard, nil))
}

func config(budget time.Duration) Config {
  return Config{Port: "0", ShutdownTimeout: budget, CheckTimeout: time.Second, LogLevel: slog.LevelInfo}
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, what string, cond func() bool) {
  t.Helper()
  deadline := time.Now().Add(5 * time.Second)
  for !cond() {
    if time.Now().After(deadline) {
      t.Fatalf("timed out waiting until %s", what)
    }
    time.Sleep(10 * time.Millisecond)
  }
}

type response struct {
  code int
  body string
  err  error
}

func get(url string) response {
  resp, err := http.Get(url)
  if err != nil {
    return response{err: err}
  }
  defer resp.Body.Close()
  body, err := io.ReadAll(resp.Body)
  return response{code: resp.StatusCode, body: string(body), err: err}
}

func TestShutdownDrainsInFlightRequest(t *testing.T) {
  t.Parallel()
  entered := make(chan struct{})
  release := make(chan struct{})
  checks := health.New(time.Second)
  mux := http.NewServeMux()
  checks.Register(mux)
  mux.HandleFunc("/slow", func(w http.ResponseWriter, _ *http.Request) {
    close(entered)
    <-release
    _, _ = io.WriteString(w, "finished")
  })
  srv := New(config(5*time.Second), mux, checks, quietLogger())
  var mu sync.Mutex
  var closed []string
  recordClose := func(name string) func(context.Context) error {
    return func(context.Context) error {
      mu.Lock()
      defer mu.Unlock()
      closed = append(closed, name)
      return nil
    }
  }
  srv.OnShutdown("database", recordClose("database"))
  srv.OnShutdown("queue consumer", recordClose("queue consumer"))
  srv.OnShutdown("log flush", recordClose("log flush"))
  s := start(t, srv)

  inFlight := make(chan response, 1)
  go func() { inFlight <- get("http://" + s.addr + "/slow") }()
  select {
  case <-entered:
  case <-time.After(5 * time.Second):
    t.Fatal("the slow request never reached its handler")
  }

  s.cancel()
  waitFor(t, "/ready answers 503", func() bool {
    rec := httptest.NewRecorder()
    mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/ready", nil))
    return rec.Code == http.StatusServiceUnavailable
  })
  waitFor(t, "the listener stops accepting", func() bool {
    conn, err := net.DialTimeout("tcp", s.addr, time.Second)
    if err == nil {
      conn.Close()
    }
    return err != nil
  })
  mu.Lock()
  early := len(closed)
  mu.Unlock()
  if early != 0 {
    t.Fatalf("closers ran while a request was in flight")
  }

  close(release)
  if r := <-inFlight; r.err != nil || r.code != http.StatusOK || r.body != "finished" {
    t.Fatalf("in-flight request = %+v, want 200 finished", r)
  }
  select {
  case err := <-s.served:
    if err != nil {
      t.Fatalf("Serve = %v, want nil after a clean shutdown", err)
    }
  case <-time.After(5 * time.Second):
    t.Fatal("Serve did not return after the in-flight request finished")
  }
  mu.Lock()
  defer mu.Unlock()
  want := []string{"log flush", "queue consumer", "database"}
  if strings.Join(closed, ",") != strings.Join(want, ",") {
    t.Fatalf("closers ran as %v, want %v (reverse order)", closed, want)
  }
}

func TestShutdownEndsWithinBudget(t *testing.T) {
  t.Parallel()
  entered := make(chan struct{})
  release := make(chan struct{})
  t.Cleanup(func() { close(release) })
  mux := http.NewServeMux()
  mux.HandleFunc("/stuck", func(w http.ResponseWriter, _ *http.Request) {
    close(entered)
    <-release
  })
  srv := New(config(200*time.Millisecond), mux, nil, quietLogger())
  closerRan := make(chan struct{})
  srv.OnShutdown("stuck closer", func(context.Context) error {
    close(closerRan)
    <-release
    return nil
  })
  s := start(t, srv)
  go get("http://" + s.addr + "/stuck")
  select {
  case <-entered:
  case <-time.After(5 * time.Second):
    t.Fatal("the request never reached its handler")
  }
  s.cancel()
  select {
  case err := <-s.served:
    if err == nil || !strings.Contains(err.Error(), "draining requests") || !strings.Contains(err.Error(), "stuck closer") {
      t.Fatalf("Serve = %v, want an error naming the request drain and the stuck closer", err)
    }
  case <-time.After(5 * time.Second):
    t.Fatal("Serve outlived its 200ms shutdown budget by seconds")
  }
  select {
  case <-closerRan:
  case <-time.After(5 * time.Second):
    t.Fatal("closers must be called even when draining ran out of time")
  }
}
`);
}

/** The main package: reads the environment, wires health, closers and signals. */
export function mainGo(facts: ServiceFacts): string {
  return goSource(`// Command ${facts.service} serves HTTP with health endpoints, JSON logs and a graceful shutdown.
package main

import (
  "context"
  "log/slog"
  "net/http"
  "os"
  "os/signal"
  "syscall"

  "${facts.modulePath}/${HEALTH_PACKAGE}"
  "${facts.modulePath}/${SERVER_PACKAGE}"
)

func main() {
  os.Exit(run())
}

func run() int {
  logger := slog.New(slog.NewJSONHandler(os.Stdout, nil))
  cfg, err := server.ConfigFromEnv(os.Getenv)
  if err != nil {
    logger.Error("invalid configuration", "error", err.Error())
    return 1
  }
  logger = slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{Level: cfg.LogLevel}))
  slog.SetDefault(logger)

${wiringBody('  ')}
  if err := srv.ListenAndServe(ctx); err != nil {
    logger.Error("stopped with errors", "error", err.Error())
    return 1
  }
  logger.Info("stopped")
  return 0
}
`);
}

/** Statements shared by the generated main and the wiring suggestion for an existing one. */
function wiringBody(indent: string): string {
  const lines = `// SIGTERM (Kubernetes, docker stop) or SIGINT starts the graceful shutdown.
ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
defer stop()
go func() {
  <-ctx.Done()
  stop() // a second signal ends the process at once
}()

checks := health.New(cfg.CheckTimeout)
// One readiness check per dependency, for example:
//\tchecks.Add("database", db.PingContext)

mux := http.NewServeMux()
checks.Register(mux)
routes(mux)

srv := server.New(cfg, mux, checks, logger)
// Closers run after requests drain, in reverse order of registration, for example:
//\tsrv.OnShutdown("database", func(context.Context) error { return db.Close() })
//\tsrv.OnShutdown("queue consumer", consumer.Shutdown)
`;
  return lines
    .split('\n')
    .map((l) => (l ? indent + l : l))
    .join('\n');
}

/** cmd/<service>/routes.go: where the service's own handlers go. */
export function routesGo(facts: ServiceFacts, methodPatterns: boolean): string {
  const root = methodPatterns
    ? `  mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, _ *http.Request) {
    w.Header().Set("Content-Type", "text/plain; charset=utf-8")
    _, _ = io.WriteString(w, "${facts.service}\\n")
  })`
    : `  mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
    if r.URL.Path != "/" {
      http.NotFound(w, r)
      return
    }
    w.Header().Set("Content-Type", "text/plain; charset=utf-8")
    _, _ = io.WriteString(w, "${facts.service}\\n")
  })`;
  return goSource(`package main

import (
  "io"
  "net/http"
)

// routes registers the service's own handlers; /health and /ready are registered in run.
func routes(mux *http.ServeMux) {
${root}
}
`);
}

/** What to add to an existing main package, for the user to review. */
export function wiringSuggestion(facts: ServiceFacts): string {
  return `// Suggested wiring for ${facts.mainPackage === '.' ? 'the main package' : facts.mainPackage}: the health endpoints, the
// environment configuration and the graceful shutdown generated in ${HEALTH_PACKAGE}
// and ${SERVER_PACKAGE}. Nothing was changed in your main package; merge this by hand.
//
// 1. Imports to add:
//
//\t"context"
//\t"log/slog"
//\t"net/http"
//\t"os"
//\t"os/signal"
//\t"syscall"
//
//\t"${facts.modulePath}/${HEALTH_PACKAGE}"
//\t"${facts.modulePath}/${SERVER_PACKAGE}"
//
// 2. In main, replace your own http.ListenAndServe and signal handling with the
//    code below. Register your handlers on mux where routes(mux) is called, your
//    dependencies' readiness checks with checks.Add, and their Close methods with
//    srv.OnShutdown, in the order you open them.

func main() {
\tos.Exit(run())
}

func run() int {
\tlogger := slog.New(slog.NewJSONHandler(os.Stdout, nil))
\tcfg, err := server.ConfigFromEnv(os.Getenv)
\tif err != nil {
\t\tlogger.Error("invalid configuration", "error", err.Error())
\t\treturn 1
\t}
\tlogger = slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{Level: cfg.LogLevel}))
\tslog.SetDefault(logger)

${goSource(wiringBody('  ')).replace('\troutes(mux)', '\troutes(mux) // your handlers')}
\tif err := srv.ListenAndServe(ctx); err != nil {
\t\tlogger.Error("stopped with errors", "error", err.Error())
\t\treturn 1
\t}
\tlogger.Info("stopped")
\treturn 0
}
`;
}
