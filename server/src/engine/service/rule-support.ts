// Small helpers shared by the service rules.
import * as path from 'node:path';
import type { FindingAction, Range, TextEdit } from '../types';
import { LineIndex } from '../text';
import { exposedPorts, imageUser, shippedStage, type ExposedPort, type ImageUser } from './dockerfile-facts';
import type { ServiceDockerfile, ServiceModel } from './model';
import type { ComposeServiceFacts } from './yaml-facts';

/** Scaffolds /health, /ready and SIGTERM draining into the service (carried out by the editor). */
export function scaffoldHealthAction(model: ServiceModel, title: string): FindingAction {
  return { kind: 'scaffold', target: 'health', serviceRoot: model.root, title };
}

/** A path as the service's users see it: relative to the service folder (posix). */
export function serviceRelative(model: ServiceModel, file: string): string {
  const rel = path.relative(model.root, file).split(path.sep).join('/');
  return rel.startsWith('..') ? file : rel || '.';
}

/** `file:line` (1-based) for messages that point at another file. */
export function where(model: ServiceModel, file: string, range: Range): string {
  return `${serviceRelative(model, file)}:${range.start.line + 1}`;
}

export function firstLineRange(text: string): Range {
  return new LineIndex(text).lineRange(0);
}

/** An edit that appends lines at the end of a text, adding the missing final line break first. */
export function appendLines(text: string, lines: string[]): TextEdit {
  const index = new LineIndex(text);
  const end = index.positionAt(text.length);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const prefix = text.length === 0 || text.endsWith('\n') ? '' : eol;
  return { range: { start: end, end }, newText: prefix + lines.join(eol) + eol };
}

export interface ImageFacts {
  dockerfile: ServiceDockerfile;
  user?: ImageUser;
  ports: ExposedPort[];
}

export function imageFactsOf(dockerfile: ServiceDockerfile): ImageFacts | undefined {
  const stage = shippedStage(dockerfile.model);
  return stage ? { dockerfile, user: imageUser(stage), ports: exposedPorts(stage) } : undefined;
}

/** The Dockerfile a compose service builds from, else the service's primary one. */
export function dockerfileForCompose(model: ServiceModel, compose: ComposeServiceFacts): ServiceDockerfile | undefined {
  return model.dockerfiles.find((d) => d.composeServices.includes(compose)) ?? model.primaryDockerfile;
}
