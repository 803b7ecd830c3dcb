import type { LintRequest } from '../lint';
import { isComposeName } from '../files';
import type { YamlFile } from './document';

// PLACEHOLDER (issue 3): the compose model (services with their keys and ranges).
export interface ComposeModel {
  file: YamlFile;
}

/** Undefined when the file is not a compose file. */
export function buildComposeModel(file: YamlFile, request: LintRequest): ComposeModel | undefined {
  const named = isComposeName(request.filePath) || request.languageId === 'dockercompose';
  const hasServices = file.docs.some((d) => !!(d.contents as { get?(k: string): unknown } | null)?.get?.('services'));
  return named || hasServices ? { file } : undefined;
}
