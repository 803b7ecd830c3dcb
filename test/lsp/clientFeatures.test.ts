// What the server reads from `initialize`: a pure function of the client's capabilities and options.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { ClientCapabilities } from 'vscode-languageserver-protocol';
import { clientFeatures, serverCapabilities } from '../../server/src/lsp/clientFeatures';
import { DIAGNOSTIC_SOURCE, FIX_ALL_KIND } from '../../server/src/protocol';

/** The parts of VS Code 1.9x's capabilities the server reads. */
const VSCODE: ClientCapabilities = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    diagnostics: { refreshSupport: true },
    workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] },
  },
  textDocument: {
    diagnostic: { dynamicRegistration: true },
    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'], insertTextModeSupport: { valueSet: [1, 2] } } },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    foldingRange: { dynamicRegistration: true, lineFoldingOnly: true },
    formatting: { dynamicRegistration: true },
    rangeFormatting: { dynamicRegistration: true },
  },
};

/** Neovim 0.10: pulls diagnostics but cannot be asked to pull again; plain-text omnifunc completion; no dynamic registration. */
const NEOVIM: ClientCapabilities = {
  workspace: { configuration: true, workspaceFolders: true, workspaceEdit: { resourceOperations: ['rename', 'create', 'delete'] } },
  textDocument: {
    diagnostic: { dynamicRegistration: false },
    completion: { completionItem: { snippetSupport: false, documentationFormat: ['markdown', 'plaintext'] } },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
  },
};

describe('client features', () => {
  it('VS Code: pulled diagnostics with refresh, snippets re-indented by the client, dynamic Dockerfile-only registrations', () => {
    const f = clientFeatures(VSCODE, { dockerExtensionActive: false, watchesConfigFiles: true, workspaceTrusted: true, clientCommands: ['goContainerStandard.addHealthEndpoints'] });
    assert.equal(f.pullDiagnostics, true);
    assert.equal(f.refreshSupport, true);
    assert.equal(f.pullsSettings, true);
    assert.deepEqual(f.completion, { snippets: true, markdown: true, adjustIndentation: true });
    assert.equal(f.hoverMarkdown, true);
    assert.deepEqual(f.dynamicDockerfileFeatures, ['folding', 'formatting', 'rangeFormatting']);
    assert.equal(f.registerConfigurationChange, true);
    assert.equal(f.registerWatchedFiles, false, 'the VS Code client watches the config files itself');
    assert.equal(f.workspaceTrusted, true);
    assert.equal(f.canCreateFiles, true);
    assert.deepEqual([...f.clientCommands], ['goContainerStandard.addHealthEndpoints']);
    const caps = serverCapabilities(f);
    assert.equal(caps.diagnosticProvider && 'identifier' in caps.diagnosticProvider && caps.diagnosticProvider.identifier, DIAGNOSTIC_SOURCE);
    assert.deepEqual(caps.codeActionProvider, { codeActionKinds: ['quickfix', FIX_ALL_KIND] });
    // Registered later with a Dockerfile selector, so they stay out of YAML documents.
    assert.equal(caps.foldingRangeProvider, undefined);
    assert.equal(caps.documentFormattingProvider, undefined);
    assert.equal(caps.documentRangeFormattingProvider, undefined);
  });

  it('Neovim 0.10: diagnostics pushed (it cannot be asked to pull again), plain-text items, file creation from resourceOperations, static Dockerfile providers', () => {
    const f = clientFeatures(NEOVIM, undefined);
    assert.equal(f.pullDiagnostics, false);
    assert.equal(f.refreshSupport, false);
    assert.deepEqual(f.completion, { snippets: false, markdown: true, adjustIndentation: false });
    assert.equal(f.canCreateFiles, true, 'Neovim applies CreateFile without claiming documentChanges');
    assert.deepEqual(f.dynamicDockerfileFeatures, []);
    assert.equal(f.workspaceTrusted, false, 'no trust unless the client says so');
    const caps = serverCapabilities(f);
    assert.equal(caps.diagnosticProvider, undefined);
    assert.equal(caps.foldingRangeProvider, true);
    assert.equal(caps.documentFormattingProvider, true);
    assert.equal(caps.documentRangeFormattingProvider, true);
  });

  it('a client that declares nothing gets pushed diagnostics, plain text, markdown hovers and default settings', () => {
    const f = clientFeatures();
    assert.equal(f.pullDiagnostics, false);
    assert.equal(f.pullsSettings, false);
    assert.deepEqual(f.completion, { snippets: false, markdown: false, adjustIndentation: false });
    assert.equal(f.hoverMarkdown, true, 'no contentFormat: markdown, as the protocol defaults');
    assert.equal(f.hierarchicalSymbols, false);
    assert.equal(f.canCreateFiles, false);
    assert.equal(f.initialSettings.enable, true);
    assert.deepEqual(f.initialSettings.rules, {});
  });

  it('a client that watches files itself, or hovers in plain text, is taken at its word', () => {
    const watching = clientFeatures({ workspace: { didChangeWatchedFiles: { dynamicRegistration: true } }, textDocument: { hover: { contentFormat: ['plaintext'] } } }, {});
    assert.equal(watching.registerWatchedFiles, true);
    assert.equal(watching.hoverMarkdown, false);
    // Pull diagnostics without a way to be asked again: pushed instead.
    assert.equal(clientFeatures({ textDocument: { diagnostic: {} } }).pullDiagnostics, false);
  });

  it('with a Docker extension active (option or settings) no generic Dockerfile feature is offered, statically or dynamically', () => {
    for (const options of [{ dockerExtensionActive: true }, { settings: { dockerExtensionActive: true } }]) {
      const f = clientFeatures(VSCODE, options);
      assert.equal(f.initialSettings.dockerExtensionActive, true);
      assert.deepEqual(f.dynamicDockerfileFeatures, []);
      const caps = serverCapabilities(f);
      assert.equal(caps.foldingRangeProvider, undefined);
      assert.equal(caps.documentFormattingProvider, undefined);
    }
  });

  it('capabilities and options of the wrong shape read as absent, without throwing', () => {
    const garbled = { workspace: { workspaceEdit: { resourceOperations: 5 } }, textDocument: { completion: { completionItem: { documentationFormat: 7, insertTextModeSupport: { valueSet: 'x' } } }, hover: { contentFormat: 3 } } };
    const f = clientFeatures(garbled as unknown as ClientCapabilities, { clientCommands: 'goContainerStandard.addHealthEndpoints' as unknown as string[] });
    assert.equal(f.canCreateFiles, false);
    assert.deepEqual(f.completion, { snippets: false, markdown: false, adjustIndentation: false });
    assert.equal(f.hoverMarkdown, true);
    assert.deepEqual([...f.clientCommands], []);
    assert.equal(clientFeatures(null, null).pullDiagnostics, false);
    assert.deepEqual([...clientFeatures({}, { clientCommands: ['a', 3 as unknown as string] }).clientCommands], ['a']);
  });

  it('settings sent in initializationOptions are normalized: mistyped values fall back to defaults', () => {
    const f = clientFeatures({}, { settings: { enable: false, rules: { 'no-latest-tag': 'off', 'k8s-resources': 'loud' as never }, helm: { path: '/opt/helm' } } });
    assert.equal(f.initialSettings.enable, false);
    assert.deepEqual(f.initialSettings.rules, { 'no-latest-tag': 'off' });
    assert.equal(f.initialSettings.helm.path, '/opt/helm');
  });
});
