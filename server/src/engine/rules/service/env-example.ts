import * as path from 'node:path';
import type { ServiceRule } from '../../types';
import type { ServiceModel } from '../../service/model';
import { appendLines, serviceRelative, where } from '../../service/rule-support';
import { TOOL_SET_ENV } from '../../recipes/references';
import { ledgerService } from './shared/example-service';

export const envExample: ServiceRule<ServiceModel> = {
  id: 'env-example',
  target: 'service',
  meta: {
    description: 'The service folder has a `.env.example` documenting its configuration, including every variable the Go code reads.',
    defaultSeverity: 'info',
    fixable: true,
    fixSafety:
      'Safe: `.env.example` is documentation; no build or runtime reads it (compose reads `.env`), and variables are added without values.',
    why:
      'The standard keeps configuration in environment variables only, and a `.env.example` (committed, without real values) is where operators and new developers learn which variables exist.',
    remediation:
      'Commit a `.env.example` that names every variable the service reads, with a harmless example value; the real `.env` stays out of git and out of the image.',
    notes:
      'The rule also lists the variables the Go code reads with `os.Getenv` / `os.LookupEnv` and that the file does not mention. ' +
      "Variables a build tool sets in the image are not asked for (ko's `KO_DATA_PATH`). " +
      'The quick fix creates the file, or appends the missing names.',
    examples: {
      bad: ledgerService(),
      good: ledgerService({
        '.env.example':
          'PORT=8080\n',
      }),
    },
  },
  check(ctx) {
    const model = ctx.model;
    if (!model.isDeployable) return;
    const file = path.join(model.root, '.env.example');
    const reads = new Map<string, string>();
    for (const pkg of model.packages.values()) {
      for (const facts of pkg.files) for (const r of facts.envReads) if (!reads.has(r.name) && !TOOL_SET_ENV.has(r.name)) reads.set(r.name, where(model, facts.path, r.range));
    }
    const names = [...reads.keys()].sort();
    const text = model.readFile(file);
    if (text === undefined) {
      const content = ['# Configuration of this service (environment variables only). Copy to .env for local runs; never commit .env.', ...names.map((n) => `${n}=`), ''].join('\n');
      ctx.report({
        file: model.goMod.path,
        range: model.goMod.anchor,
        message: `No .env.example documents this service's configuration${names.length ? ` (the code reads ${names.join(', ')})` : ''}. Add one with every variable and a safe example value.`,
        fix: { title: 'Create .env.example', safety: 'safe', edits: [], createFiles: [{ path: file, content }] },
      });
      return;
    }
    const documented = new Set<string>();
    for (const line of text.split(/\r?\n/)) {
      const m = /^\s*(?:#\s*)?(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line);
      if (m) documented.add(m[1]);
    }
    const undocumented = names.filter((n) => !documented.has(n));
    if (undocumented.length === 0) return;
    ctx.report({
      file: model.goMod.path,
      range: model.goMod.anchor,
      message: `${serviceRelative(model, file)} does not document ${undocumented.map((n) => `${n} (read at ${reads.get(n)})`).join(', ')}. Add ${undocumented.length === 1 ? 'it' : 'them'} with a safe example value.`,
      fix: { title: `Add ${undocumented.join(', ')} to .env.example`, safety: 'safe', edits: [], otherFiles: [{ file, edits: [appendLines(text, undocumented.map((n) => `${n}=`))] }] },
    });
  },
};
