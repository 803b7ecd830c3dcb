import type { ServiceFacts } from '../types';
import { goSource } from './text';
import { HEALTH_PACKAGE } from './goHealth';

export const SERVER_PACKAGE = 'internal/server';
export const DEFAULT_PORT = 8080;
/**
 * Seconds: the whole shutdown budget (delay + drain + close), below the 30 s
 * terminationGracePeriodSeconds so the process always ends before it is killed.
 */
export const DEFAULT_SHUTDOWN_SECONDS = 25;
/** Seconds /ready answers 503 while everything is still served, before the listener closes. */
export const DEFAULT_SHUTDOWN_DELAY_SECONDS = 5;
/** Seconds of the budget reserved for the closers. */
export const DEFAULT_CLOSE_SECONDS = 5;
/** The manifest's terminationGracePeriodSeconds: the budget plus a margin. */
export const TERMINATION_GRACE_SECONDS = 30;
export const DEFAULT_CHECK_TIMEOUT = '2s';
export const DEFAULT_CHECK_TIMEOUT_SECONDS = 2;

/** internal/server/config.go: configuration from the environment only. */
export function configGo(_facts: ServiceFacts): string {
  return goSource(`package server

import (
  "errors"
  "fmt"
  "log/slog"
  "strconv"
  "strings"
  "time"
)

// Defaults of the environment variables documented in .env.example.
const (
  DefaultPort            = "${DEFAULT_PORT}"
  DefaultShutdownTimeout = ${DEFAULT_SHUTDOWN_SECONDS} * time.Second
  DefaultShutdownDelay   = ${DEFAULT_SHUTDOWN_DELAY_SECONDS} * time.Second
  DefaultCloseTimeout    = ${DEFAULT_CLOSE_SECONDS} * time.Second
  DefaultCheckTimeout    = ${DEFAULT_CHECK_TIMEOUT_SECONDS} * time.Second
)

// Config is read from the environment only, never from files in the image.
//
// The shutdown budget is split in three: ShutdownDelay (readiness 503, still
// serving), then draining requests (what the other two leave), then
// CloseTimeout for the closers. All three fit in ShutdownTimeout, which stays
// below the pod's terminationGracePeriodSeconds.
type Config struct {
  // Port is PORT, the TCP port to listen on.
  Port string
  // ShutdownTimeout is SHUTDOWN_TIMEOUT, the whole budget after SIGTERM:
  // delay, drain and closers.
  ShutdownTimeout time.Duration
  // ShutdownDelay is SHUTDOWN_DELAY: how long /ready answers 503 while new and
  // in-flight requests are still served, because Kubernetes takes a few seconds
  // to stop routing to a terminating pod. 0 turns it off (for example when a
  // preStop hook already waits).
  ShutdownDelay time.Duration
  // CloseTimeout is CLOSE_TIMEOUT, the part of the budget kept for closers.
  CloseTimeout time.Duration
  // CheckTimeout is READINESS_CHECK_TIMEOUT, the bound of each readiness
  // check; keep the readiness probe's timeoutSeconds above it.
  CheckTimeout time.Duration
  // LogLevel is LOG_LEVEL: debug, info, warn or error.
  LogLevel slog.Level
}

// DrainTimeout is what the delay and the closers leave of the budget for
// in-flight requests.
func (c Config) DrainTimeout() time.Duration {
  return c.ShutdownTimeout - c.ShutdownDelay - c.CloseTimeout
}

// ConfigFromEnv reads the configuration through getenv (os.Getenv in main).
// Unset, SHUTDOWN_DELAY and CLOSE_TIMEOUT take their defaults, shrunk to a
// fifth of a short SHUTDOWN_TIMEOUT each.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
  cfg := Config{
    Port:            DefaultPort,
    ShutdownTimeout: DefaultShutdownTimeout,
    CheckTimeout:    DefaultCheckTimeout,
    LogLevel:        slog.LevelInfo,
  }
  var problems []string
  if v := getenv("PORT"); v != "" {
    if n, err := strconv.Atoi(v); err != nil || n < 1 || n > 65535 || strconv.Itoa(n) != v {
      problems = append(problems, fmt.Sprintf("PORT=%q is not a port number (1-65535)", v))
    } else {
      cfg.Port = v
    }
  }
  duration := func(name string, zeroOK bool, into *time.Duration) bool {
    v := getenv(name)
    if v == "" {
      return false
    }
    d, err := parseDuration(v, zeroOK)
    if err != nil {
      problems = append(problems, fmt.Sprintf("%s=%q: %v", name, v, err))
      return false
    }
    *into = d
    return true
  }
  duration("SHUTDOWN_TIMEOUT", false, &cfg.ShutdownTimeout)
  cfg.ShutdownDelay = shorter(DefaultShutdownDelay, cfg.ShutdownTimeout/5)
  cfg.CloseTimeout = shorter(DefaultCloseTimeout, cfg.ShutdownTimeout/5)
  delaySet := duration("SHUTDOWN_DELAY", true, &cfg.ShutdownDelay)
  closeSet := duration("CLOSE_TIMEOUT", false, &cfg.CloseTimeout)
  duration("READINESS_CHECK_TIMEOUT", false, &cfg.CheckTimeout)
  if (delaySet || closeSet) && cfg.DrainTimeout() <= 0 {
    problems = append(problems, fmt.Sprintf("SHUTDOWN_DELAY (%s) and CLOSE_TIMEOUT (%s) leave no time to drain requests within SHUTDOWN_TIMEOUT (%s)", cfg.ShutdownDelay, cfg.CloseTimeout, cfg.ShutdownTimeout))
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

func shorter(a, b time.Duration) time.Duration {
  if a < b {
    return a
  }
  return b
}

// parseDuration accepts Go durations ("25s", "1m30s") and whole seconds ("25").
func parseDuration(v string, zeroOK bool) (time.Duration, error) {
  d, err := time.ParseDuration(v)
  if err != nil {
    n, nerr := strconv.Atoi(v)
    if nerr != nil {
      return 0, errors.New("want a duration such as 25s, or whole seconds")
    }
    d = time.Duration(n) * time.Second
  }
  if d < 0 || (d == 0 && !zeroOK) {
    return 0, errors.New("want a positive duration")
  }
  return d, nil
}
`);
}

/** internal/server/server.go: serve until the context ends, then delay, drain and close within the budget. */
export function serverGo(_facts: ServiceFacts): string {
  return goSource(`// Package server runs the HTTP server and shuts it down gracefully when the
// context ends (SIGTERM), within Config.ShutdownTimeout split in three parts:
//
//   - delay (SHUTDOWN_DELAY): /ready answers 503 while new and in-flight
//     requests are still served. Kubernetes removes a terminating pod from its
//     Service endpoints asynchronously, so for a few seconds after SIGTERM new
//     connections still arrive; closing the listener at once would refuse them.
//   - drain (the rest): the listener closes and in-flight requests finish;
//     streaming handlers learn of it through Draining.
//   - close (CLOSE_TIMEOUT): the registered closers run in reverse order. Each
//     gets its own share of this part, so a request that never ends or a closer
//     that hangs cannot make the others skipped.
package server

import (
  "context"
  "errors"
  "fmt"
  "log/slog"
  "net"
  "net/http"
  "sync"
  "sync/atomic"
  "time"
)

// Readiness is told when shutdown starts (*health.Checker implements it).
type Readiness interface {
  StartShutdown()
}

// Server is an http.Server with a graceful, bounded shutdown.
type Server struct {
  cfg          Config
  http         *http.Server
  readiness    Readiness
  logger       *slog.Logger
  shuttingDown atomic.Bool
  draining     chan struct{}
  stopHandlers context.CancelFunc

  mu      sync.Mutex
  closers []closer
}

type closer struct {
  name  string
  close func(context.Context) error
}

type drainingKey struct{}

// New returns a Server for handler; readiness may be nil.
func New(cfg Config, handler http.Handler, readiness Readiness, logger *slog.Logger) *Server {
  s := &Server{cfg: cfg, readiness: readiness, logger: logger, draining: make(chan struct{})}
  // Request contexts carry Draining's channel, and end only when the drain
  // runs out of time: a request that is still working is not cut short.
  base, cancel := context.WithCancel(context.WithValue(context.Background(), drainingKey{}, (<-chan struct{})(s.draining)))
  s.stopHandlers = cancel
  var once sync.Once
  s.http = &http.Server{
    Handler:           s.closeConnectionsWhileShuttingDown(handler),
    ReadHeaderTimeout: 10 * time.Second,
    IdleTimeout:       2 * time.Minute,
    ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelError),
    BaseContext:       func(net.Listener) context.Context { return base },
  }
  s.http.RegisterOnShutdown(func() { once.Do(func() { close(s.draining) }) })
  return s
}

// Draining returns a channel that is closed when the server stops accepting
// connections and waits for in-flight requests. Streaming handlers (server-sent
// events, long polls) select on Draining(r.Context()) to finish promptly. For
// a context that does not come from a Server it is nil, which never fires.
func Draining(ctx context.Context) <-chan struct{} {
  ch, _ := ctx.Value(drainingKey{}).(<-chan struct{})
  return ch
}

// ShuttingDown reports whether shutdown has started; a /ready handler of your
// own answers 503 once it has.
func (s *Server) ShuttingDown() bool {
  return s.shuttingDown.Load()
}

// OnShutdown registers a closer (database, queue consumer, log flush, ...).
// Closers run after requests have drained, in reverse order of registration,
// each with a context that ends with its share of CLOSE_TIMEOUT.
func (s *Server) OnShutdown(name string, close func(context.Context) error) {
  s.mu.Lock()
  defer s.mu.Unlock()
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
    return errors.Join(fmt.Errorf("serving: %w", err), s.shutdown(false))
  case <-ctx.Done():
  }
  return s.shutdown(true)
}

// closeConnectionsWhileShuttingDown asks clients to reconnect (to another pod)
// after each response once shutdown has started.
func (s *Server) closeConnectionsWhileShuttingDown(next http.Handler) http.Handler {
  return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
    if s.shuttingDown.Load() {
      w.Header().Set("Connection", "close")
    }
    next.ServeHTTP(w, r)
  })
}

func (s *Server) shutdown(delay bool) error {
  start := time.Now()
  s.shuttingDown.Store(true)
  if s.readiness != nil {
    s.readiness.StartShutdown()
  }
  wait := s.cfg.ShutdownDelay
  if !delay {
    wait = 0 // the server already stopped: nothing left to serve
  }
  s.logger.Info("shutting down",
    "budget", s.cfg.ShutdownTimeout.String(),
    "delay", wait.String(),
    "drain", s.cfg.DrainTimeout().String(),
    "close", s.cfg.CloseTimeout.String())
  time.Sleep(wait)

  var errs []error
  drainCtx, cancel := context.WithTimeout(context.Background(), s.cfg.DrainTimeout())
  defer cancel()
  if err := s.http.Shutdown(drainCtx); err != nil {
    errs = append(errs, fmt.Errorf("draining requests: %w", err))
    s.stopHandlers()
    _ = s.http.Close()
  } else {
    s.logger.Info("drained", "took", time.Since(start).Round(time.Millisecond).String())
  }
  defer s.stopHandlers()

  s.mu.Lock()
  closers := append([]closer(nil), s.closers...)
  s.mu.Unlock()
  // What the delay and the drain left, and never less than CLOSE_TIMEOUT.
  left := s.cfg.ShutdownTimeout - time.Since(start)
  if left < s.cfg.CloseTimeout {
    left = s.cfg.CloseTimeout
  }
  deadline := time.Now().Add(left)
  for i := len(closers) - 1; i >= 0; i-- {
    c := closers[i]
    share := time.Until(deadline) / time.Duration(i+1)
    began := time.Now()
    if err := callWithin(share, c.close); err != nil {
      s.logger.Error("closer failed", "name", c.name, "error", err.Error())
      errs = append(errs, fmt.Errorf("closing %s: %w", c.name, err))
      continue
    }
    s.logger.Info("closed", "name", c.name, "took", time.Since(began).Round(time.Millisecond).String())
  }
  return errors.Join(errs...)
}

// callWithin runs close with a context that ends after bound, and stops
// waiting then, so a closer that ignores its context cannot outlast its share.
// Only an error the closer returns, or running over, counts as a failure.
func callWithin(bound time.Duration, close func(context.Context) error) error {
  ctx, cancel := context.WithTimeout(context.Background(), bound)
  defer cancel()
  done := make(chan error, 1)
  go func() {
    defer func() {
      if p := recover(); p != nil {
        done <- fmt.Errorf("panicked: %v", p)
      }
    }()
    done <- close(ctx)
  }()
  select {
  case err := <-done:
    return err
  case <-ctx.Done():
    return fmt.Errorf("did not finish within %s", bound.Round(time.Millisecond))
  }
}
`);
}

/** internal/server/server_test.go: config, the delay, draining an in-flight request, closer order, the budget. */
export function serverTestGo(_facts: ServiceFacts): string {
  return goSource(`package server

import (
  "context"
  "io"
  "log/slog"
  "net"
  "net/http"
  "strings"
  "sync"
  "sync/atomic"
  "testing"
  "time"
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
  if cfg.ShutdownDelay != ${DEFAULT_SHUTDOWN_DELAY_SECONDS}*time.Second || cfg.CloseTimeout != ${DEFAULT_CLOSE_SECONDS}*time.Second || cfg.DrainTimeout() != ${DEFAULT_SHUTDOWN_SECONDS - DEFAULT_SHUTDOWN_DELAY_SECONDS - DEFAULT_CLOSE_SECONDS}*time.Second {
    t.Fatalf("budget split = delay %s, drain %s, close %s", cfg.ShutdownDelay, cfg.DrainTimeout(), cfg.CloseTimeout)
  }
  if cfg.CheckTimeout != DefaultCheckTimeout {
    t.Fatalf("check timeout = %s", cfg.CheckTimeout)
  }
}

func TestConfigFromEnv(t *testing.T) {
  t.Parallel()
  cfg, err := ConfigFromEnv(env(map[string]string{
    "PORT":                    "9090",
    "SHUTDOWN_TIMEOUT":        "40",
    "SHUTDOWN_DELAY":          "10s",
    "CLOSE_TIMEOUT":           "8s",
    "READINESS_CHECK_TIMEOUT": "500ms",
    "LOG_LEVEL":               "debug",
  }))
  if err != nil {
    t.Fatal(err)
  }
  if cfg.Port != "9090" || cfg.ShutdownTimeout != 40*time.Second || cfg.ShutdownDelay != 10*time.Second || cfg.CloseTimeout != 8*time.Second || cfg.CheckTimeout != 500*time.Millisecond || cfg.LogLevel != slog.LevelDebug {
    t.Fatalf("config = %+v", cfg)
  }
  if cfg.DrainTimeout() != 22*time.Second {
    t.Fatalf("drain = %s, want 22s", cfg.DrainTimeout())
  }
}

func TestConfigShortBudgetShrinksDefaultDelayAndClose(t *testing.T) {
  t.Parallel()
  cfg, err := ConfigFromEnv(env(map[string]string{"SHUTDOWN_TIMEOUT": "1s"}))
  if err != nil {
    t.Fatal(err)
  }
  if cfg.ShutdownDelay != 200*time.Millisecond || cfg.CloseTimeout != 200*time.Millisecond || cfg.DrainTimeout() != 600*time.Millisecond {
    t.Fatalf("budget split = delay %s, drain %s, close %s", cfg.ShutdownDelay, cfg.DrainTimeout(), cfg.CloseTimeout)
  }
  cfg, err = ConfigFromEnv(env(map[string]string{"SHUTDOWN_DELAY": "0"}))
  if err != nil || cfg.ShutdownDelay != 0 {
    t.Fatalf("SHUTDOWN_DELAY=0 = %s, %v; want the delay off", cfg.ShutdownDelay, err)
  }
}

func TestConfigRejectsBadValues(t *testing.T) {
  t.Parallel()
  _, err := ConfigFromEnv(env(map[string]string{"PORT": "+80", "SHUTDOWN_TIMEOUT": "-5s", "LOG_LEVEL": "loud", "CLOSE_TIMEOUT": "0"}))
  if err == nil {
    t.Fatal("want an error for PORT, SHUTDOWN_TIMEOUT, CLOSE_TIMEOUT and LOG_LEVEL")
  }
  for _, name := range []string{"PORT", "SHUTDOWN_TIMEOUT", "CLOSE_TIMEOUT", "LOG_LEVEL"} {
    if !strings.Contains(err.Error(), name) {
      t.Errorf("error %q does not name %s", err, name)
    }
  }
  _, err = ConfigFromEnv(env(map[string]string{"SHUTDOWN_TIMEOUT": "10s", "SHUTDOWN_DELAY": "6s", "CLOSE_TIMEOUT": "4s"}))
  if err == nil || !strings.Contains(err.Error(), "no time to drain") {
    t.Fatalf("err = %v, want a delay and close that leave no time to drain rejected", err)
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

func config(delay, drain, closers time.Duration) Config {
  return Config{Port: "0", ShutdownTimeout: delay + drain + closers, ShutdownDelay: delay, CloseTimeout: closers, CheckTimeout: time.Second, LogLevel: slog.LevelInfo}
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, what string, cond func() bool) {
  t.Helper()
  deadline := time.Now().Add(10 * time.Second)
  for !cond() {
    if time.Now().After(deadline) {
      t.Fatalf("timed out waiting until %s", what)
    }
    time.Sleep(10 * time.Millisecond)
  }
}

type response struct {
  code  int
  body  string
  close bool
  err   error
}

func get(url string) response {
  client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 10 * time.Second}
  resp, err := client.Get(url)
  if err != nil {
    return response{err: err}
  }
  defer resp.Body.Close()
  body, err := io.ReadAll(resp.Body)
  return response{code: resp.StatusCode, body: string(body), close: resp.Close, err: err}
}

// notReady answers 503 once shutdown starts, like *health.Checker.
type notReady struct{ down atomic.Bool }

func (r *notReady) StartShutdown() { r.down.Store(true) }

func (r *notReady) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
  if r.down.Load() {
    w.WriteHeader(http.StatusServiceUnavailable)
    return
  }
  w.WriteHeader(http.StatusOK)
}

func TestShutdownDelayKeepsServingWhileNotReady(t *testing.T) {
  t.Parallel()
  ready := &notReady{}
  mux := http.NewServeMux()
  mux.Handle("/ready", ready)
  mux.HandleFunc("/hello", func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "hello") })
  srv := New(config(2*time.Second, 2*time.Second, time.Second), mux, ready, quietLogger())
  s := start(t, srv)
  if r := get("http://" + s.addr + "/ready"); r.err != nil || r.code != http.StatusOK {
    t.Fatalf("/ready before shutdown = %+v", r)
  }
  s.cancel()
  // The 503 is seen over HTTP: the listener is still open during the delay.
  waitFor(t, "/ready answers 503 over HTTP", func() bool { return get("http://"+s.addr+"/ready").code == http.StatusServiceUnavailable })
  if !srv.ShuttingDown() {
    t.Fatal("ShuttingDown() = false after the context ended")
  }
  if r := get("http://" + s.addr + "/hello"); r.err != nil || r.code != http.StatusOK || r.body != "hello" || !r.close {
    t.Fatalf("a new request during the delay = %+v, want 200 hello with Connection: close", r)
  }
  waitFor(t, "the listener closes after the delay", func() bool {
    conn, err := net.DialTimeout("tcp", s.addr, time.Second)
    if err == nil {
      conn.Close()
    }
    return err != nil
  })
  select {
  case err := <-s.served:
    if err != nil {
      t.Fatalf("Serve = %v, want nil", err)
    }
  case <-time.After(10 * time.Second):
    t.Fatal("Serve did not return")
  }
}

func TestShutdownDrainsInFlightRequest(t *testing.T) {
  t.Parallel()
  entered := make(chan struct{})
  release := make(chan struct{})
  mux := http.NewServeMux()
  mux.HandleFunc("/slow", func(w http.ResponseWriter, _ *http.Request) {
    close(entered)
    <-release
    _, _ = io.WriteString(w, "finished")
  })
  streaming := make(chan struct{})
  mux.HandleFunc("/stream", func(w http.ResponseWriter, r *http.Request) {
    close(streaming)
    select {
    case <-Draining(r.Context()):
      _, _ = io.WriteString(w, "draining")
    case <-r.Context().Done():
    }
  })
  srv := New(config(0, 5*time.Second, time.Second), mux, nil, quietLogger())
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
  stream := make(chan response, 1)
  go func() { stream <- get("http://" + s.addr + "/stream") }()
  for _, c := range []chan struct{}{entered, streaming} {
    select {
    case <-c:
    case <-time.After(10 * time.Second):
      t.Fatal("a request never reached its handler")
    }
  }

  s.cancel()
  if r := <-stream; r.err != nil || r.body != "draining" {
    t.Fatalf("streaming request = %+v, want it told of the drain", r)
  }
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
  case <-time.After(10 * time.Second):
    t.Fatal("Serve did not return after the in-flight request finished")
  }
  mu.Lock()
  defer mu.Unlock()
  want := []string{"log flush", "queue consumer", "database"}
  if strings.Join(closed, ",") != strings.Join(want, ",") {
    t.Fatalf("closers ran as %v, want %v (reverse order)", closed, want)
  }
}

func TestClosersKeepTheirBudgetWhenDrainAndAnotherCloserHang(t *testing.T) {
  t.Parallel()
  entered := make(chan struct{})
  release := make(chan struct{})
  t.Cleanup(func() { close(release) })
  mux := http.NewServeMux()
  mux.HandleFunc("/stuck", func(w http.ResponseWriter, _ *http.Request) {
    close(entered)
    <-release
  })
  srv := New(config(0, 200*time.Millisecond, 400*time.Millisecond), mux, nil, quietLogger())
  databaseClosed := make(chan struct{})
  srv.OnShutdown("database", func(ctx context.Context) error {
    if err := ctx.Err(); err != nil {
      return err
    }
    close(databaseClosed)
    return nil
  })
  srv.OnShutdown("stuck closer", func(context.Context) error {
    <-release
    return nil
  })
  s := start(t, srv)
  go get("http://" + s.addr + "/stuck")
  select {
  case <-entered:
  case <-time.After(10 * time.Second):
    t.Fatal("the request never reached its handler")
  }
  s.cancel()
  select {
  case err := <-s.served:
    if err == nil || !strings.Contains(err.Error(), "draining requests") || !strings.Contains(err.Error(), "stuck closer") {
      t.Fatalf("Serve = %v, want an error naming the request drain and the stuck closer", err)
    }
    if strings.Contains(err.Error(), "database") {
      t.Fatalf("Serve = %v: the database closer succeeded and must not be reported", err)
    }
  case <-time.After(10 * time.Second):
    t.Fatal("Serve outlived its 600ms shutdown budget by seconds")
  }
  select {
  case <-databaseClosed:
  default:
    t.Fatal("the database closer did not run with a live context after the drain and the stuck closer used their time")
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
// On SIGTERM /ready answers 503 for SHUTDOWN_DELAY while requests are still
// served (Kubernetes needs a few seconds to stop routing here), then requests
// drain, then closers run in reverse order of registration, each with its own
// share of CLOSE_TIMEOUT, for example:
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

/** For a main package that already serves /health and /ready: keep them, add the graceful shutdown. */
export function wiringWithOwnHandlers(facts: ServiceFacts): string {
  return `// Suggested wiring for ${facts.mainPackage === '.' ? 'the main package' : facts.mainPackage}: it already serves GET /health and
// GET /ready, so those handlers are kept and no health package was generated. What
// ${SERVER_PACKAGE} adds is the environment configuration and the graceful shutdown.
// Nothing was changed in your main package; merge this by hand.
//
// 1. Imports to add:
//
//\t"context"
//\t"log/slog"
//\t"os"
//\t"os/signal"
//\t"syscall"
//
//\t"${facts.modulePath}/${SERVER_PACKAGE}"
//
// 2. Serve your mux through server.New instead of http.ListenAndServe:

\tcfg, err := server.ConfigFromEnv(os.Getenv)
\tif err != nil {
\t\tslog.Error("invalid configuration", "error", err.Error())
\t\tos.Exit(1)
\t}
\t// SIGTERM (Kubernetes, docker stop) or SIGINT starts the graceful shutdown.
\tctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
\tdefer stop()
\tsrv := server.New(cfg, mux, nil, slog.Default())
\t// Closers run after requests drain, each with its own share of CLOSE_TIMEOUT:
\t//\tsrv.OnShutdown("database", func(context.Context) error { return db.Close() })
\tif err := srv.ListenAndServe(ctx); err != nil {
\t\tslog.Error("stopped with errors", "error", err.Error())
\t\tos.Exit(1)
\t}

// 3. In your /ready handler, answer 503 from the moment shutdown starts: the server
//    keeps serving for SHUTDOWN_DELAY so load balancers see it before the listener
//    closes.
//
//\tif srv.ShuttingDown() {
//\t\thttp.Error(w, "shutting down", http.StatusServiceUnavailable)
//\t\treturn
//\t}
`;
}
