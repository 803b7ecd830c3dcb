import * as os from 'node:os';
import * as vscode from 'vscode';
import type { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import {
  Commands,
  CONFIG_FILES_GLOB,
  DOCKER_EXTENSION_IDS,
  SERVICE_FILES_GLOB,
  LANGUAGE_CLIENT_ID,
  LANGUAGE_CLIENT_NAME,
  SCAFFOLD_COMMANDS,
  SETTINGS_SECTION,
  WORKSPACE_TRUSTED_NOTIFICATION,
  serverExecArgv,
  type InitializationOptions,
} from '../../server/src/protocol';
import { registerScaffoldCommands } from './scaffold';

let client: LanguageClient | undefined;
/** Settles once the client has started (or failed to). */
let starting: Promise<void> | undefined;

/** True when an extension that reports Dockerfile syntax problems is installed and enabled (it activates with ours). */
function dockerExtensionActive(): boolean {
  return DOCKER_EXTENSION_IDS.some((id) => vscode.extensions.getExtension(id) !== undefined);
}

/** `helm`: the Kubernetes extension's language id for a chart's `templates/*.yaml`. */
const LANGUAGES = ['dockerfile', 'dockercompose', 'yaml', 'helm'];

/**
 * Registers the commands and returns; the language client library (most of this bundle) is loaded
 * and the server started in a later turn, so activation itself stays short and the diagnostics
 * follow as soon as the server is up. A failure to start is written to the output channel.
 */
export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel(LANGUAGE_CLIENT_NAME, { log: true });
  context.subscriptions.push(output);
  let dockerActive = dockerExtensionActive();
  const configWatcher = vscode.workspace.createFileSystemWatcher(CONFIG_FILES_GLOB);
  const serviceWatcher = vscode.workspace.createFileSystemWatcher(SERVICE_FILES_GLOB);
  context.subscriptions.push(configWatcher, serviceWatcher);

  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.showOutput, () => output.show(true)),
    vscode.commands.registerCommand(Commands.restartServer, async () => {
      await starting;
      await client?.restart();
    }),
    vscode.extensions.onDidChange(() => {
      const now = dockerExtensionActive();
      if (now === dockerActive) return;
      dockerActive = now;
      // Makes the server pull settings again (with the new flag) and re-check open documents.
      void client?.sendNotification('workspace/didChangeConfiguration', { settings: null });
    }),
  );
  registerScaffoldCommands(context);
  // Helm charts are rendered (helm runs) only in a trusted workspace.
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.sendNotification(WORKSPACE_TRUSTED_NOTIFICATION)));

  const start = () => {
    const { LanguageClient: Client, TransportKind } = require('vscode-languageclient/node') as typeof import('vscode-languageclient/node');
    const serverModule = context.asAbsolutePath('server/out/server.js');
    const execArgv = serverExecArgv(typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
    const serverOptions: ServerOptions = {
      run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv } },
      debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...execArgv, '--nolazy', '--inspect=6019'] } },
    };
    const initializationOptions: InitializationOptions = { dockerExtensionActive: dockerActive, watchesConfigFiles: true, clientCommands: SCAFFOLD_COMMANDS.map((c) => c.id), workspaceTrusted: vscode.workspace.isTrusted };
    const clientOptions: LanguageClientOptions = {
      documentSelector: LANGUAGES.flatMap((language) => [
        { scheme: 'file', language },
        { scheme: 'untitled', language },
      ]),
      outputChannel: output,
      initializationOptions,
      synchronize: { fileEvents: [configWatcher, serviceWatcher] },
      middleware: {
        workspace: {
          // The server asks per resource; add what only the client knows (is a Docker extension active?).
          configuration: async (params, token, next) => {
            const result = await next(params, token);
            if (!Array.isArray(result)) return result;
            return result.map((value: unknown, i: number) =>
              params.items[i]?.section === SETTINGS_SECTION && value && typeof value === 'object' ? { ...(value as object), dockerExtensionActive: dockerActive } : value,
            );
          },
        },
      },
    };
    client = new Client(LANGUAGE_CLIENT_ID, LANGUAGE_CLIENT_NAME, serverOptions, clientOptions);
    return client.start();
  };
  starting = new Promise<void>((resolve) => setImmediate(resolve))
    .then(start)
    .catch((e) => output.error(`The language server did not start: ${(e as Error)?.stack ?? String(e)}`));
}

export async function deactivate(): Promise<void> {
  await starting;
  await client?.stop();
  client = undefined;
}
