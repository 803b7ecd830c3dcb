import { compliantService, serviceRuleTester } from '../../service/helpers';

const program = (imports: string[], body: string[], extra = '') =>
  `package main\n\nimport (\n${imports.map((i) => `\t${i}`).join('\n')}\n)\n${extra}\nfunc main() {\n${body.map((l) => `\t${l}`).join('\n')}\n}\n`;
const withMain = (code: string, extra: Record<string, string | null> = {}) => compliantService('ledger', { 'cmd/ledger/main.go': code, ...extra });

serviceRuleTester('health-endpoints', {
  valid: [
    { name: 'compliant service (ServeMux method patterns)', files: compliantService() },
    {
      name: 'http.HandleFunc and http.Handle with paths in constants and raw strings',
      files: withMain(program(['"net/http"'], ['http.HandleFunc(healthPath, h)', 'http.Handle(`/ready`, http.HandlerFunc(h))'], 'const healthPath = "/health"\n')),
    },
    {
      name: 'gorilla/mux, registered in another package of the module',
      files: withMain(program(['"example.com/ledger/internal/api"'], ['api.Routes()']), {
        'internal/api/routes.go': 'package api\n\nimport "github.com/gorilla/mux"\n\nfunc Routes() {\n\tr := mux.NewRouter()\n\tr.HandleFunc("/health", h).Methods("GET")\n\tr.Path("/ready").HandlerFunc(h)\n}\n',
      }),
    },
    { name: 'chi', files: withMain(program(['"github.com/go-chi/chi/v5"'], ['r := chi.NewRouter()', 'r.Get("/health", h)', 'r.Method("GET", "/ready", h)'])) },
    { name: 'gin', files: withMain(program(['"github.com/gin-gonic/gin"'], ['r := gin.New()', 'r.GET("/health", h)', 'r.HEAD("/ready/", h)'])) },
    { name: 'echo and host patterns', files: withMain(program(['"github.com/labstack/echo/v4"', '"net/http"'], ['e := echo.New()', 'e.GET("/health", h)', 'http.HandleFunc("GET api.example.com/ready", h)'])) },
    { name: 'fiber with concatenated paths', files: withMain(program(['"github.com/gofiber/fiber/v2"'], ['app := fiber.New()', 'app.Get("/" + "health", h)', 'app.All(("/ready"), h)'])) },
    { name: 'a module without Go files is not judged', files: compliantService('ledger', { 'cmd/ledger/main.go': null }) },
  ],
  invalid: [
    {
      name: 'comments and unrelated strings do not count',
      files: withMain(
        program(['"fmt"', '"net/http"'], ['// mux.HandleFunc("/ready", ready)', '/* http.HandleFunc("/health", h) */', 'fmt.Println("/health", "/ready")', 'resp, _ := http.Get("/ready")', '_ = resp', 'http.HandleFunc("/healthz", h)']),
      ),
      errors: [{ file: 'ledger/go.mod', line: 1, column: 1, endColumn: 26, severity: 'warning', message: 'registers neither /health nor /ready', action: { name: 'scaffold:health', serviceRoot: 'ledger' } }],
      output: null,
    },
    {
      name: 'only /health: the message says where it is and what is missing',
      files: withMain(program(['"net/http"'], ['', 'http.HandleFunc("/health", h)'])),
      errors: [{ file: 'ledger/go.mod', line: 1, message: 'does not register /ready (/health is registered at cmd/ledger/main.go:9)' }],
    },
    {
      name: 'test files and build-ignored files do not count',
      files: withMain(program(['"net/http"'], ['http.HandleFunc("/health", h)']), {
        'cmd/ledger/main_test.go': 'package main\n\nimport "net/http"\n\nfunc init() { http.HandleFunc("/ready", h) }\n',
        'cmd/ledger/gen.go': '//go:build ignore\n\npackage main\n\nimport "net/http"\n\nfunc init() { http.HandleFunc("/ready", h) }\n',
      }),
      errors: [{ file: 'ledger/go.mod', line: 1, message: 'does not register /ready' }],
    },
    {
      name: 'go.mod with a leading comment: the finding sits on the module directive',
      files: compliantService('ledger', { 'go.mod': '// Ledger service.\nmodule example.com/ledger\n\ngo 1.24\n', 'cmd/ledger/main.go': 'package main\n\nfunc main() {}\n' }),
      errors: [{ file: 'ledger/go.mod', line: 2, column: 1, endColumn: 26 }],
    },
  ],
});
