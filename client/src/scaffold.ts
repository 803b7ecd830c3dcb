import type * as vscode from 'vscode';

// PLACEHOLDER (issue 5): replaced by the scaffolding commands.
export function registerScaffoldCommands(_context: vscode.ExtensionContext): void {}
