export interface ImportRef {
  specifier: string;
  target: string;
  pos: number;
  end: number;
}
export function sourceFiles(root: string): string[];
export function importsOf(file: string, text?: string): ImportRef[];
export function importGraph(files: string[]): Map<string, string[]>;
export function importCycles(graph: Map<string, string[]>): string[][];
export function cyclePath(graph: Map<string, string[]>, from: string, to: string, members: Set<string>): string[];
