// Writing suppression comments ("Ignore … on this line / in this file"): the same syntax the engine reads.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { lint } from './helpers';
import { applyEdits, LineIndex } from '../../server/src/engine/text';
import { buildDockerfileModel } from '../../server/src/engine/dockerfile/model';
import { suppressionEdit, suppressionLine, type SuppressionTarget } from '../../server/src/engine/suppress';

const dockerfile = (text: string): SuppressionTarget => ({ kind: 'dockerfile', index: new LineIndex(text), dockerfile: () => buildDockerfileModel(text) });
const yaml = (text: string): SuppressionTarget => ({ kind: 'yaml', index: new LineIndex(text) });
const apply = (text: string, target: SuppressionTarget, line: number, ruleIds: string, scope: 'line' | 'file') => applyEdits(text, [suppressionEdit(target, line, ruleIds, scope)]).text;

describe('suppression edits', () => {
  it('put the comment above the first line of a continued instruction, with its indentation, and the engine then reads it', () => {
    const text = 'FROM golang:1.24 AS build\n  RUN go build \\\n      -o /app .\nFROM ubuntu\n';
    const fixed = apply(text, dockerfile(text), 2, 'no-latest-tag', 'line');
    assert.equal(fixed, 'FROM golang:1.24 AS build\n  # container-standard ignore=no-latest-tag -- reason\n  RUN go build \\\n      -o /app .\nFROM ubuntu\n');
    const ignored = 'FROM golang:1.24\n' + apply('FROM ubuntu\n', dockerfile('FROM ubuntu\n'), 0, 'no-latest-tag', 'line');
    assert.equal(lint(ignored, { rules: ['no-latest-tag'] }).length, 0, 'the written comment suppresses the finding');
    assert.equal(lint('FROM golang:1.24\nFROM ubuntu\n', { rules: ['no-latest-tag'] }).length, 1);
  });

  it('add the rule to an existing comment above, before its reason, instead of stacking a second one', () => {
    const text = '# container-standard ignore=no-latest-tag -- pinned by digest upstream\nFROM ubuntu\n';
    assert.equal(apply(text, dockerfile(text), 1, 'runtime-nonroot-user', 'line'), '# container-standard ignore=no-latest-tag,runtime-nonroot-user -- pinned by digest upstream\nFROM ubuntu\n');
    // A list written with spaces after the commas grows at its end, as the engine reads it.
    const spaced = '# container-standard ignore=no-latest-tag, exec-form-entrypoint\nFROM ubuntu\n';
    assert.equal(apply(spaced, dockerfile(spaced), 1, 'runtime-nonroot-user', 'line'), '# container-standard ignore=no-latest-tag, exec-form-entrypoint,runtime-nonroot-user\nFROM ubuntu\n');
  });

  it('do not add a line rule to a file-wide comment, nor a file rule to a line comment', () => {
    const text = '# container-standard ignore-file=no-latest-tag\nFROM ubuntu\n';
    assert.equal(apply(text, dockerfile(text), 1, 'runtime-nonroot-user', 'line'), '# container-standard ignore-file=no-latest-tag\n# container-standard ignore=runtime-nonroot-user -- reason\nFROM ubuntu\n');
    const lineComment = '# container-standard ignore=no-latest-tag\nFROM ubuntu\n';
    assert.equal(apply(lineComment, dockerfile(lineComment), 1, 'runtime-nonroot-user', 'file'), '# container-standard ignore-file=runtime-nonroot-user\n' + lineComment);
  });

  it('put a file-wide comment after the parser directives, keeping CRLF, or after the last directive when nothing follows', () => {
    const text = '# syntax=docker/dockerfile:1\r\n# escape=\\\r\nFROM ubuntu\r\n';
    assert.equal(apply(text, dockerfile(text), 2, 'no-latest-tag', 'file'), '# syntax=docker/dockerfile:1\r\n# escape=\\\r\n# container-standard ignore-file=no-latest-tag\r\nFROM ubuntu\r\n');
    const onlyDirective = '# syntax=docker/dockerfile:1';
    assert.equal(apply(onlyDirective, dockerfile(onlyDirective), 0, 'no-latest-tag', 'file'), '# syntax=docker/dockerfile:1\n# container-standard ignore-file=no-latest-tag');
    const existing = '# syntax=docker/dockerfile:1\n# container-standard ignore-file=no-latest-tag\nFROM ubuntu\n';
    assert.equal(apply(existing, dockerfile(existing), 2, 'runtime-nonroot-user', 'file'), '# syntax=docker/dockerfile:1\n# container-standard ignore-file=no-latest-tag,runtime-nonroot-user\nFROM ubuntu\n');
  });

  it('in YAML, put the comment above the key that owns a block scalar, not inside the scalar', () => {
    const text = 'services:\n  api:\n    healthcheck:\n      test: |\n        curl -f localhost\n';
    const target = yaml(text);
    assert.equal(suppressionLine(target, 4), 3);
    assert.equal(suppressionLine(target, 2), 2, 'a key line is its own node');
    assert.equal(apply(text, target, 4, 'compose-healthcheck-in-minimal-image', 'line'), 'services:\n  api:\n    healthcheck:\n      # container-standard ignore=compose-healthcheck-in-minimal-image -- reason\n      test: |\n        curl -f localhost\n');
    // A YAML file has no parser directives: a file-wide comment goes first.
    assert.equal(apply('# a comment\nservices: {}\n', yaml('# a comment\nservices: {}\n'), 1, 'compose-read-only', 'file'), '# container-standard ignore-file=compose-read-only\n# a comment\nservices: {}\n');
  });
});
