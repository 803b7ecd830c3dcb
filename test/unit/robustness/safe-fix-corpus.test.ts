// Plain `--fix` (safe fixes only) over the corpus Dockerfiles that issue 17 names: the lines whose
// rewrite broke a working build or image stay exactly as the author wrote them.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CORPUS } from '../../corpusPath';
import { describeFinding, fix, lint } from '../helpers';
import { commentLines, corpusFiles, yamlParses } from './corpus';

const CASES: { file: string; kept: string[]; present?: RegExp[]; absent?: RegExp[] }[] = [
  // USER insertion: systemd as init (kind), an entrypoint that drops privileges with su-exec (syncthing).
  { file: 'kubernetes-sigs__kind__images__base__Dockerfile', kept: [], absent: [/^USER /m, /target=\/go\/pkg\/mod/] },
  { file: 'syncthing__syncthing__Dockerfile', kept: [], absent: [/^USER 65532/m] },
  // A deliberately static cgo build, and CGO_ENABLED from a build-arg.
  // (safe fixes may add -trimpath or -s -w to the runc build; cgo stays on)
  { file: 'moby__buildkit__Dockerfile', kept: [], present: [/^ {2}CGO_ENABLED=1 xx-go build .*-extldflags -static.* -o \/usr\/bin\/runc \.\/$/m] },
  { file: 'GoogleContainerTools__skaffold__deploy__cross__Dockerfile', kept: ['    GOOS=$GOOS GOARCH=$GOARCH CGO_ENABLED=$CGO_ENABLED \\'] },
  // A GOPATH-mode build on Go 1.10.
  { file: 'kubernetes__examples__web__guestbook-go__Dockerfile', kept: ['FROM golang:1.10.0'] },
  // A module without go.sum: never `COPY go.mod go.sum ./`.
  { file: 'GoogleContainerTools__distroless__examples__go__Dockerfile', kept: ['FROM gcr.io/distroless/static-debian12'], absent: [/go\.sum \.\//] },
  // Package installs the runtime needs: the distroless rewrite is unsafe.
  { file: 'tailscale__tailscale__Dockerfile', kept: ['RUN apk add --no-cache ca-certificates iptables iproute2 ip6tables'], absent: [/GOOS=\$TARGETOS/] },
  { file: 'GoogleCloudPlatform__kubernetes-engine-samples__cost-optimization__gke-shift-left-cost__Dockerfile', kept: ['    apk add --no-cache bash git curl jq && \\'] },
  { file: 'stefanprodan__podinfo__Dockerfile', kept: ['    ca-certificates curl netcat-openbsd', 'USER app'] },
];

describe('plain --fix (safe fixes) over the corpus Dockerfiles of issue 17', () => {
  for (const c of CASES) {
    it(`${c.file}: keeps what works today`, () => {
      const text = fs.readFileSync(path.join(CORPUS, 'dockerfiles', c.file), 'utf8');
      const fixed = fix(text, { filePath: path.join('dockerfiles', c.file), safeOnly: true });
      const lines = new Set(fixed.split(/\r?\n/));
      for (const line of c.kept) {
        assert.ok(text.split(/\r?\n/).includes(line), `the corpus file has the line ${JSON.stringify(line)}`);
        assert.ok(lines.has(line), `safe fixes changed ${JSON.stringify(line)}`);
      }
      for (const pattern of c.present ?? []) {
        assert.match(text, pattern);
        assert.match(fixed, pattern, `safe fixes changed what ${pattern} matches`);
      }
      for (const pattern of c.absent ?? []) {
        assert.doesNotMatch(text, pattern, 'the corpus file does not have it yet');
        assert.doesNotMatch(fixed, pattern, `safe fixes added ${pattern}`);
      }
    });
  }
});

describe('safe fixes alone over the whole corpus (plain --fix)', () => {
  for (const f of corpusFiles()) {
    it(`${f.name}: converge, leave only unsafe fixes, add no new rule, keep parsing and comments`, () => {
      const before = lint(f.text, { filePath: f.lintPath });
      const fixed = fix(f.text, { filePath: f.lintPath, safeOnly: true });
      const after = lint(fixed, { filePath: f.lintPath });
      assert.deepEqual(after.filter((x) => x.fix?.safety === 'safe').map(describeFinding), [], 'safe fixes left after plain --fix');
      const had = new Set(before.map((x) => x.ruleId));
      assert.deepEqual([...new Set(after.map((x) => x.ruleId))].filter((id) => !had.has(id)), [], 'the safe fixes introduced findings of new rules');
      assert.equal(fix(fixed, { filePath: f.lintPath, safeOnly: true }), fixed, 'a second plain --fix changed the text');
      if (!f.name.startsWith('dockerfiles/') && yamlParses(f.text)) assert.ok(yamlParses(fixed), 'YAML stopped parsing');
      const kept = new Set(commentLines(fixed));
      assert.deepEqual(commentLines(f.text).filter((c) => !kept.has(c)), [], 'comments lost');
    });
  }
});
