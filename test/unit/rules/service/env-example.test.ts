import { compliantService, serviceRuleTester } from '../../service/helpers';

const main = 'package main\n\nimport "os"\n\nconst dbKey = "DATABASE_URL"\n\nfunc main() {\n\t_ = os.Getenv("PORT")\n\t_, _ = os.LookupEnv(dbKey)\n\t// os.Getenv("IN_A_COMMENT")\n}\n';

serviceRuleTester('env-example', {
  valid: [
    { name: 'compliant service', files: compliantService() },
    { name: 'names documented, also commented out or exported', files: compliantService('ledger', { 'cmd/ledger/main.go': main, '.env.example': '# PORT=8080\nexport DATABASE_URL=postgres://localhost/ledger\n' }) },
  ],
  invalid: [
    {
      name: 'missing: the fix creates it with the variables the code reads',
      files: compliantService('ledger', { '.env.example': null, 'cmd/ledger/main.go': main }),
      errors: [{ file: 'ledger/go.mod', line: 1, column: 1, endColumn: 26, severity: 'info', message: 'No .env.example documents this service\'s configuration (the code reads DATABASE_URL, PORT)' }],
      outputFile: 'ledger/.env.example',
      output: '# Configuration of this service (environment variables only). Copy to .env for local runs; never commit .env.\nDATABASE_URL=\nPORT=\n',
    },
    {
      name: 'present but incomplete: the fix appends the missing names',
      files: compliantService('ledger', { '.env.example': 'PORT=8080', 'cmd/ledger/main.go': main }),
      errors: [{ file: 'ledger/go.mod', line: 1, message: '.env.example does not document DATABASE_URL (read at cmd/ledger/main.go:9)' }],
      outputFile: 'ledger/.env.example',
      output: 'PORT=8080\nDATABASE_URL=\n',
    },
  ],
});
