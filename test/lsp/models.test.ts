// Per-document models for editor features: built once per version, kept for the recent documents only.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentModels, MODELS_KEPT } from '../../server/src/lsp/models';

const dockerfile = (n: number) => TextDocument.create(`file:///work/svc${n}/Dockerfile`, 'dockerfile', 1, `FROM golang:1.24-bookworm AS build${n}\nRUN go build -o /app .\n`);

describe('document models', () => {
  it('builds a model once per version', () => {
    const models = new DocumentModels();
    const document = dockerfile(0);
    const model = models.dockerfile(document);
    assert.ok(model);
    assert.equal(models.dockerfile(document), model);
    const edited = TextDocument.update(document, [{ text: 'FROM scratch\n' }], 2);
    assert.notEqual(models.dockerfile(edited), model);
    assert.equal(models.text(edited), 'FROM scratch\n');
  });

  it(`keeps the models of the ${MODELS_KEPT} documents used last`, () => {
    const models = new DocumentModels();
    const documents = Array.from({ length: MODELS_KEPT + 1 }, (_, i) => dockerfile(i));
    const first = models.dockerfile(documents[0]);
    const second = models.dockerfile(documents[1]);
    for (const d of documents.slice(2, MODELS_KEPT)) models.dockerfile(d);
    // Used again, so the second one is now the oldest.
    assert.equal(models.dockerfile(documents[0]), first);
    models.dockerfile(documents[MODELS_KEPT]);
    assert.equal(models.dockerfile(documents[0]), first, 'recently used: kept');
    assert.notEqual(models.dockerfile(documents[1]), second, 'least recently used: built again');
  });
});
