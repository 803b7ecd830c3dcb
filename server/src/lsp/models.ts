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

/** Documents whose models are kept: editor features ask about the documents being worked on. */
export const MODELS_KEPT = 8;

/**
 * Line index and Dockerfile model of the documents editor features were last asked about, built
 * lazily once per version. Only the most recent few are kept: a model holds the whole syntax tree.
 */
export class DocumentModels {
  private readonly entries = new Map<string, Entry>();

  private entry(document: TextDocument): Entry {
    let e = this.entries.get(document.uri);
    if (!e || e.version !== document.version) {
      const text = document.getText();
      e = { version: document.version, text, index: new LineIndex(text) };
    }
    // Most recently used last.
    this.entries.delete(document.uri);
    this.entries.set(document.uri, e);
    if (this.entries.size > MODELS_KEPT) this.entries.delete(this.entries.keys().next().value!);
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
