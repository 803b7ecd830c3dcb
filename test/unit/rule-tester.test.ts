import { before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { assertInvalidCase, assertValidCase } from './helpers';
import { assertServiceInvalidCase, assertServiceValidCase, compliantService } from './service/helpers';
import { prepareServiceChecks } from '../../server/src/engine/service';

// The testers themselves: a case whose input the engine could not judge must fail, not pass vacuously.
const fatal = /A fatal parsing error occurred in the input/;
// A list item followed by a map entry under one key: not YAML (the two valid cases this tester first caught).
const notYaml = 'services:\n  api:\n    environment:\n      - DB_PASSWORD\n      API_KEY:\n';
const yaml = 'services:\n  api:\n    environment:\n      - DB_PASSWORD\n';

describe('ruleTester refuses cases that test nothing', () => {
  it('a valid case whose input does not parse fails', () => {
    assert.throws(() => assertValidCase('compose-no-secret-literals', { filePath: 'compose.yaml', code: notYaml }), fatal);
    assertValidCase('compose-no-secret-literals', { filePath: 'compose.yaml', code: yaml });
  });

  it('an invalid case whose input does not parse fails, even when it expects no finding', () => {
    assert.throws(() => assertInvalidCase('compose-no-secret-literals', { filePath: 'compose.yaml', code: notYaml, errors: [] }), fatal);
    assert.throws(() => assertInvalidCase('k8s-image-tag', { filePath: 'deploy.yaml', code: 'apiVersion: v1\nkind: Pod\nspec: [\n', errors: [] }), fatal);
  });

  it('a YAML case the engine does not check fails (neither a manifest nor a compose file)', () => {
    assert.throws(() => assertValidCase('k8s-resources', { filePath: 'values.yaml', code: 'replicas: 2\nimage: api\n' }), /YAML the engine does not check/);
    assertValidCase('k8s-resources', { filePath: 'values.yaml', code: 'apiVersion: v1\nkind: ConfigMap\ndata:\n  replicas: "2"\n' });
  });

  it('a case the engine skips fails (binary content)', () => {
    assert.throws(() => assertValidCase('no-latest-tag', 'FROM golang:1.24\0\n'), /A fatal parsing error occurred in the input[^]*file-skipped/);
    assertValidCase('no-latest-tag', 'FROM golang:1.24\n');
  });
});

describe('serviceRuleTester refuses cases that test nothing', () => {
  before(() => prepareServiceChecks());

  it('a valid case with a file that does not parse fails', () => {
    const files = compliantService('ledger', { 'compose.yaml': notYaml });
    assert.throws(() => assertServiceValidCase('port-consistency', { name: 'broken compose file', files }), fatal);
    assertServiceValidCase('port-consistency', { name: 'the same, parsing', files: compliantService('ledger', { 'compose.yaml': yaml }) });
  });

  it('an invalid case with a file that does not parse fails', () => {
    const files = compliantService('ledger', { 'deploy/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nspec: {\n' });
    assert.throws(() => assertServiceInvalidCase('port-consistency', { name: 'broken manifest', files, errors: [] }), fatal);
  });
});
