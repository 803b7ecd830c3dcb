// A second, unpatched copy of dockerfile-ast, dockerfile-utils and dockerfile-language-service, to
// compare the engine's memoized and cached use of them against.
import * as path from 'node:path';
import type * as Ast from 'dockerfile-ast';
import type * as Service from 'dockerfile-language-service';

export function pristineDockerfileLibraries(): { ast: typeof Ast; service: typeof Service } {
  const packages = ['dockerfile-ast', 'dockerfile-utils', 'dockerfile-language-service'].map((p) => path.dirname(require.resolve(`${p}/package.json`)));
  const ours = (key: string) => packages.some((dir) => key.startsWith(dir + path.sep));
  const saved = new Map(Object.entries(require.cache));
  for (const key of Object.keys(require.cache)) if (ours(key)) delete require.cache[key];
  try {
    return { ast: require('dockerfile-ast') as typeof Ast, service: require('dockerfile-language-service') as typeof Service };
  } finally {
    // Later imports get the patched copies again.
    for (const key of Object.keys(require.cache)) if (ours(key)) delete require.cache[key];
    for (const [key, value] of saved) require.cache[key] = value;
  }
}
