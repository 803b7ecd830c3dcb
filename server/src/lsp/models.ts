import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent, TextDocumentsConfiguration } from 'vscode-languageserver/node';
import { buildDockerfileModel, type DockerfileModel } from '../engine/dockerfile/model';
import { LineIndex } from '../engine/text';

interface Entry {
  version: number;
  text: string;
  index: LineIndex;
  dockerfile?: DockerfileModel | null;
}

/**
 * Documents as `TextDocuments` keeps them, tolerating a client that sends a non-string uri or text
 * (a protocol violation): the document becomes empty text under a string uri instead of making
 * every later lint of it throw.
 */
export const tolerantDocuments: TextDocumentsConfiguration<TextDocument> = {
  create: (uri, languageId, version, content) =>
    TextDocument.create(String(uri), String(languageId), Number.isInteger(version) ? version : 0, typeof content === 'string' ? content : ''),
  update: (document, changes, version) =>
    TextDocument.update(document, (Array.isArray(changes) ? changes : []).filter((c: TextDocumentContentChangeEvent) => typeof c?.text === 'string'), version),
};

/** Line index and Dockerfile model of each document, built lazily once per version for editor features. */
export class DocumentModels {
  private readonly entries = new Map<string, Entry>();

  private entry(document: TextDocument): Entry {
    let e = this.entries.get(document.uri);
    if (!e || e.version !== document.version) {
      const text = document.getText();
      e = { version: document.version, text, index: new LineIndex(text) };
      this.entries.set(document.uri, e);
    }
    return e;
  }

  text(document: TextDocument): string {
    return this.entry(document).text;
  }

  index(document: TextDocument): LineIndex {
    return this.entry(document).index;
  }

  /** Undefined when the text cannot be parsed as a Dockerfile (the parser is lenient; this is rare). */
  dockerfile(document: TextDocument): DockerfileModel | undefined {
    const e = this.entry(document);
    if (e.dockerfile === undefined) {
      try {
        e.dockerfile = buildDockerfileModel(e.text);
      } catch {
        e.dockerfile = null;
      }
    }
    return e.dockerfile ?? undefined;
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }
}
