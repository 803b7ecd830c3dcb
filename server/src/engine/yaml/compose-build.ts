// A compose service's `build:` and the Dockerfile it builds from, for the rules that judge the image.
import * as path from 'node:path';
import type { Range } from '../types';
import { readBounded } from '../files';
import { buildDockerfileModel, type DockerfileModel } from '../dockerfile/model';

/** `build:` as Compose reads it, variables interpolated: paths relative to the compose file's folder. */
export interface BuildSpec {
  context: string;
  dockerfile?: string;
  dockerfileInline?: string;
  target?: string;
  range: Range;
}

/** The Dockerfile of a service's build, as the rules see it. */
export interface BuildDockerfile {
  /** Undefined when the file cannot be read (missing, not a regular file, over 1 MB) or parsed. */
  model?: DockerfileModel;
  /** How messages name it: `its inline Dockerfile`, or its path relative to the compose file. */
  shown: string;
}

/** Reads a Dockerfile's text; undefined when it cannot be read. */
export type DockerfileReader = (absPath: string) => string | undefined;

const MAX_DOCKERFILE_BYTES = 1024 * 1024;

/** The engine's bounded read: a regular file of at most 1 MB (a planted FIFO or `/dev/zero` is never read). */
export function readDockerfileBounded(absPath: string): string | undefined {
  const read = readBounded(absPath, MAX_DOCKERFILE_BYTES);
  return 'bytes' in read ? read.bytes.toString('utf8') : undefined;
}

/**
 * `dockerfileOf(build)` for the services of one compose file: `dockerfile_inline`, else
 * `build.dockerfile` (default `Dockerfile`) in `build.context`, both relative to the compose
 * file; each file read and parsed once. A remote context (a URL, a git repository) gives undefined.
 */
export function buildDockerfiles(composePath: string, read: DockerfileReader): (build: BuildSpec) => BuildDockerfile | undefined {
  const parsed = new Map<string, DockerfileModel | undefined>();
  return (build) => {
    if (build.dockerfileInline !== undefined) return { model: buildDockerfileModel(build.dockerfileInline), shown: 'its inline Dockerfile' };
    if (/^[a-z][a-z0-9+.-]*:\/\/|^git@|\.git(#.*)?$/i.test(build.context)) return undefined;
    const composeDir = path.dirname(path.resolve(composePath));
    const file = path.resolve(composeDir, build.context, build.dockerfile ?? 'Dockerfile');
    if (!parsed.has(file)) parsed.set(file, parseDockerfile(read, file));
    return { model: parsed.get(file), shown: path.relative(composeDir, file).split(path.sep).join('/') || 'Dockerfile' };
  };
}

function parseDockerfile(read: DockerfileReader, file: string): DockerfileModel | undefined {
  try {
    const text = read(file);
    return text === undefined ? undefined : buildDockerfileModel(text);
  } catch {
    return undefined;
  }
}
