import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import {
  Commands,
  CONFIG_FILES_GLOB,
  DOCKER_EXTENSION_IDS,
  SERVICE_FILES_GLOB,
  LANGUAGE_CLIENT_ID,
  LANGUAGE_CLIENT_NAME,
  SETTINGS_SECTION,
  type InitializationOptions,
} from '../../server/src/protocol';
import { registerScaffoldCommands } from './scaffold';

let client: LanguageClient | undefined;

/** True when an extension that reports Dockerfile syntax problems is installed and enabled (it activates with ours). */
function dockerExtensionActive(): boolean {
  return DOCKER_EXTENSION_IDS.some((id) => vscode.extensions.getExtension(id) !== undefined);
}

const LANGUAGES = ['dockerfile', 'dockercompose', 'yaml'];

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel(LANGUAGE_CLIENT_NAME, { log: true });
  context.subscriptions.push(output);
  const serverModule = context.asAbsolutePath('server/out/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  let dockerActive = dockerExtensionActive();
  const configWatcher = vscode.workspace.createFileSystemWatcher(CONFIG_FILES_GLOB);
  const serviceWatcher = vscode.workspace.createFileSystemWatcher(SERVICE_FILES_GLOB);
  context.subscriptions.push(configWatcher, serviceWatcher);
  const initializationOptions: InitializationOptions = { dockerExtensionActive: dockerActive, watchesConfigFiles: true };
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
  client = new LanguageClient(LANGUAGE_CLIENT_ID, LANGUAGE_CLIENT_NAME, serverOptions, clientOptions);

  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.showOutput, () => output.show(true)),
    vscode.commands.registerCommand(Commands.restartServer, async () => {
      await client?.restart();
    }),
    vscode.extensions.onDidChange(() => {
      const now = dockerExtensionActive();
      if (now === dockerActive) return;
      dockerActive = now;
      // Makes the server pull settings again (with the new flag) and re-check open documents.
      void client?.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    }),
  );
  registerScaffoldCommands(context);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
