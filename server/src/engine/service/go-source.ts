// What the service rules need to know about one Go file, read from a tree-sitter syntax tree so
// that comments, unrelated strings and look-alike calls do not count.
import type { Range } from '../types';
import type { GoNode, GoParser } from './go-parser';

export interface RouteRegistration {
  /** The route path, without method or host (`GET /ready` → `/ready`). */
  path: string;
  range: Range;
}

export interface SignalSubscription {
  range: Range;
  /** Subscribes to SIGTERM (explicitly, or to every signal by listing none). */
  sigterm: boolean;
  /** The call as written, for messages (`signal.Notify`). */
  callee: string;
}

export interface EnvRead {
  name: string;
  range: Range;
}

export interface GoFileFacts {
  path: string;
  packageName?: string;
  /** `//go:build ignore` and similar: the go tool never builds this file. */
  buildIgnored: boolean;
  /** Import paths, in order. */
  imports: string[];
  /** The `main` identifier of a top-level `func main()`. */
  mainFunc?: Range;
  routes: RouteRegistration[];
  signalSubscriptions: SignalSubscription[];
  envReads: EnvRead[];
}

/** Router methods that register a handler with the path among their first two arguments. */
const ROUTE_METHODS = new Set([
  'Handle', 'HandleFunc', 'Handler', 'HandlerFunc', 'Get', 'GET', 'Head', 'HEAD', 'Any', 'All', 'Match', 'Method', 'MethodFunc', 'Add', 'Path',
]);
/** `http.Get(url)` and friends are client calls, not registrations. */
const CLIENT_CALLS = new Set(['Get', 'Head', 'Post', 'PostForm']);
const SIGNAL_PACKAGE = 'os/signal';
const SIGTERM_PACKAGES = new Set(['syscall', 'golang.org/x/sys/unix']);
const GO_VERBS = /^(GET|HEAD|POST|PUT|PATCH|DELETE|CONNECT|OPTIONS|TRACE)\s+/;

/** Parses one Go file and extracts its facts; the tree is freed before returning. */
export function analyzeGoSource(path: string, text: string, parser: GoParser): GoFileFacts {
  const tree = parser.parse(text);
  const facts: GoFileFacts = {
    path,
    packageName: undefined,
    buildIgnored: isBuildIgnored(text),
    imports: [],
    routes: [],
    signalSubscriptions: [],
    envReads: [],
  };
  if (!tree) return { ...facts, packageName: packageClauseOf(text) };
  try {
    const root = tree.rootNode;
    const localNames = new Map<string, string>();
    for (const child of root.namedChildren) {
      if (!child) continue;
      if (child.type === 'package_clause') facts.packageName = child.namedChildren.find((c) => c?.type === 'package_identifier')?.text;
      if (child.type === 'import_declaration') {
        for (const spec of child.descendantsOfType('import_spec')) {
          const pathNode = spec?.childForFieldName('path');
          if (!spec || !pathNode) continue;
          const importPath = stringValue(pathNode);
          if (importPath === undefined) continue;
          facts.imports.push(importPath);
          const alias = spec.childForFieldName('name')?.text;
          localNames.set(alias ?? importPath.split('/').pop()!, importPath);
        }
      }
      if (child.type === 'function_declaration' && child.childForFieldName('name')?.text === 'main' && !child.childForFieldName('type_parameters')) {
        facts.mainFunc = rangeOf(child.childForFieldName('name')!);
      }
    }
    const constants = stringConstants(root);
    const packageOf = (node: GoNode | null): string | undefined => (node?.type === 'identifier' ? localNames.get(node.text) : undefined);
    for (const call of root.descendantsOfType('call_expression')) {
      const fn = call?.childForFieldName('function');
      if (!call || fn?.type !== 'selector_expression') continue;
      const operand = fn.childForFieldName('operand');
      const field = fn.childForFieldName('field')?.text ?? '';
      const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is GoNode => !!a && a.type !== 'comment');
      const operandPackage = packageOf(operand);
      if (operandPackage === SIGNAL_PACKAGE && (field === 'Notify' || field === 'NotifyContext')) {
        const signals = args.slice(1);
        const sigterm = signals.length === 0 || signals.some((s) => denotesSigterm(s, root, localNames));
        facts.signalSubscriptions.push({ range: rangeOf(call), sigterm, callee: `${operand!.text}.${field}` });
        continue;
      }
      if (operandPackage === 'os' && (field === 'Getenv' || field === 'LookupEnv')) {
        const name = args[0] ? evalString(args[0], constants) : undefined;
        if (name) facts.envReads.push({ name, range: rangeOf(args[0]) });
        continue;
      }
      if (!ROUTE_METHODS.has(field)) continue;
      if (operandPackage === 'net/http' && CLIENT_CALLS.has(field)) continue;
      for (const arg of args.slice(0, 2)) {
        const value = evalString(arg, constants);
        const routePath = value === undefined ? undefined : routePathOf(value);
        if (routePath) {
          facts.routes.push({ path: routePath, range: rangeOf(arg) });
          break;
        }
      }
    }
  } finally {
    tree.delete();
  }
  return facts;
}

/** The path of a ServeMux-style pattern: `[METHOD ][HOST]/path`; undefined when it is not one. */
export function routePathOf(pattern: string): string | undefined {
  const rest = pattern.trim().replace(GO_VERBS, '');
  const slash = rest.indexOf('/');
  if (slash === -1) return undefined;
  const host = rest.slice(0, slash);
  if (/[\s:]/.test(host)) return undefined;
  return rest.slice(slash);
}

/** True when a registered path serves `endpoint` exactly (`/ready`, `/ready/`, `/ready/{$}`). */
export function servesEndpoint(routePath: string, endpoint: string): boolean {
  return routePath === endpoint || routePath === `${endpoint}/` || routePath === `${endpoint}/{$}`;
}

function rangeOf(node: GoNode): Range {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}

/** Value of a string literal (interpreted or raw); undefined for anything else. */
function stringValue(node: GoNode): string | undefined {
  if (node.type === 'raw_string_literal') return node.text.slice(1, -1).replace(/\r/g, '');
  if (node.type !== 'interpreted_string_literal') return undefined;
  const body = node.text.slice(1, -1);
  if (!body.includes('\\')) return body;
  try {
    return JSON.parse(`"${body.replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1').replace(/\\'/g, "'")}"`) as string;
  } catch {
    return undefined;
  }
}

/** A constant string expression: literals, `+` concatenation, parentheses and string constants of the file. */
function evalString(node: GoNode, constants: Map<string, GoNode>, depth = 0): string | undefined {
  if (depth > 8) return undefined;
  switch (node.type) {
    case 'interpreted_string_literal':
    case 'raw_string_literal':
      return stringValue(node);
    case 'parenthesized_expression':
      return node.namedChildren[0] ? evalString(node.namedChildren[0], constants, depth + 1) : undefined;
    case 'binary_expression': {
      if (node.childForFieldName('operator')?.text !== '+') return undefined;
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      const l = left ? evalString(left, constants, depth + 1) : undefined;
      const r = right ? evalString(right, constants, depth + 1) : undefined;
      return l !== undefined && r !== undefined ? l + r : undefined;
    }
    case 'identifier': {
      const value = constants.get(node.text);
      return value ? evalString(value, constants, depth + 1) : undefined;
    }
    default:
      return undefined;
  }
}

/** `const name = <expr>` (single names) anywhere in the file, for route paths kept in constants. */
function stringConstants(root: GoNode): Map<string, GoNode> {
  const constants = new Map<string, GoNode>();
  for (const spec of root.descendantsOfType('const_spec')) {
    const names = spec?.childrenForFieldName('name') ?? [];
    const values = spec?.childForFieldName('value')?.namedChildren ?? [];
    names.forEach((name, i) => {
      if (name && values[i]) constants.set(name.text, values[i]!);
    });
  }
  return constants;
}

/**
 * True when a signal argument is `syscall.SIGTERM` / `unix.SIGTERM`, or an identifier (also as
 * `sigs...`) declared in this file from an expression that contains one.
 */
function denotesSigterm(arg: GoNode, root: GoNode, localNames: Map<string, string>): boolean {
  if (containsSigterm(arg, localNames)) return true;
  const ident = arg.type === 'identifier' ? arg : arg.type === 'variadic_argument' ? arg.namedChildren[0] : undefined;
  if (!ident || ident.type !== 'identifier') return false;
  const name = ident.text;
  const declarations = root.descendantsOfType(['var_spec', 'const_spec', 'short_var_declaration', 'assignment_statement']);
  return declarations.some((decl) => {
    if (!decl) return false;
    const left = decl.type === 'var_spec' || decl.type === 'const_spec' ? decl.childrenForFieldName('name') : decl.childForFieldName('left')?.namedChildren ?? [];
    if (!left.some((n) => n?.text === name)) return false;
    const right = decl.type === 'var_spec' || decl.type === 'const_spec' ? decl.childForFieldName('value') : decl.childForFieldName('right');
    return !!right && containsSigterm(right, localNames);
  });
}

function containsSigterm(node: GoNode, localNames: Map<string, string>): boolean {
  const selectors = node.type === 'selector_expression' ? [node] : node.descendantsOfType('selector_expression');
  return selectors.some((sel) => {
    const operand = sel?.childForFieldName('operand');
    return (
      sel?.childForFieldName('field')?.text === 'SIGTERM' &&
      operand?.type === 'identifier' &&
      SIGTERM_PACKAGES.has(localNames.get(operand.text) ?? '')
    );
  });
}

/**
 * The package name from the package clause, reading past comments only: enough to tell a main
 * package without a full parse.
 */
export function packageClauseOf(text: string): string | undefined {
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch) || ch === '\ufeff') i++;
    else if (text.startsWith('//', i)) {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl + 1;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      if (end === -1) return undefined;
      i = end + 2;
    } else break;
  }
  const m = /^package\s+([\p{L}_][\p{L}\p{N}_]*)/u.exec(text.slice(i, i + 200));
  return m?.[1];
}

/** `//go:build ignore` (or the old `// +build ignore`) before the package clause. */
export function isBuildIgnored(text: string): boolean {
  const head = text.slice(0, Math.max(0, text.search(/^package\s/m)));
  return /^\/\/go:build\s+ignore\s*$/m.test(head) || /^\/\/\s*\+build\s+ignore\s*$/m.test(head);
}
