// Rewrites the docs fields of rule metas from a spec (a one-off edit tool, not part of the repo).
import * as ts from 'typescript';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { allRules } from '/work/h18f/server/src/engine/rules';

export interface Spec {
  why?: string;
  remediation: string;
  /** Prefixes of notes sentences moved to the end of the remediation. */
  move?: string[];
  /** Prefixes of notes sentences dropped (said by the remediation already). */
  drop?: string[];
  filePath?: string;
  bad: string | Record<string, string>;
  good: string | Record<string, string>;
}

export function sentences(text: string): string[] {
  const flat = text.replace(/\s*\n\s*/g, ' ').trim();
  const out: string[] = [];
  let inCode = false, start = 0;
  for (let i = 0; i < flat.length; i++) {
    const c = flat[i];
    if (c === '`') inCode = !inCode;
    else if (!inCode && c === '.' && flat[i - 1] !== '.' && (i + 1 === flat.length || (flat[i + 1] === ' ' && /[A-Z`'(]/.test(flat[i + 2] ?? '')))) {
      out.push(flat.slice(start, i + 1).trim()); start = i + 1;
    }
  }
  if (flat.slice(start).trim()) out.push(flat.slice(start).trim());
  return out;
}
const lit = (s: string) => (s.includes("'") ? JSON.stringify(s) : `'${s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}'`);
function prop(name: string, parts: string[], indent: string): string {
  if (parts.length === 1 && parts[0].length < 100) return `${indent}${name}: ${lit(parts[0])},`;
  const body = parts.map((p, i) => `${indent}  ${lit(i < parts.length - 1 ? p + ' ' : p)}`).join(' +\n');
  return `${indent}${name}:\n${body},`;
}
function fileLit(text: string, indent: string): string {
  const lines = text.split('\n');
  const parts = lines.slice(0, -1).map((l) => l + '\n');
  if (lines[lines.length - 1]) parts.push(lines[lines.length - 1]);
  return parts.map((p) => `${indent}${lit(p)}`).join(' +\n');
}
function exampleProp(name: string, v: string | Record<string, string>, indent: string): string {
  if (typeof v === 'string') return `${indent}${name}:\n${fileLit(v, indent + '  ')},`;
  const files = Object.entries(v).map(([f, c]) => `${indent}  ${lit(f)}:\n${fileLit(c, indent + '    ')},`);
  return `${indent}${name}: {\n${files.join('\n')}\n${indent}},`;
}

export function apply(specs: Record<string, Spec>): void {
  for (const [id, spec] of Object.entries(specs)) {
    const rule = allRules.find((r) => r.id === id);
    if (!rule) throw new Error(`no rule ${id}`);
    const file = path.join('/work/h18f/server/src/engine/rules', rule.target, `${id}.ts`);
    const src = readFileSync(file, 'utf8');
    const sf = ts.createSourceFile(file, src, ts.ScriptTarget.Latest, true);
    const props = new Map<string, ts.PropertyAssignment>();
    const visit = (n: ts.Node) => {
      if (ts.isPropertyAssignment(n) && ['why', 'examples'].includes(n.name.getText(sf)) && !props.has(n.name.getText(sf))) props.set(n.name.getText(sf), n);
      ts.forEachChild(n, visit);
    };
    visit(sf);
    const whyNode = props.get('why')!, exNode = props.get('examples')!;
    const meta = rule.meta as any;
    const notes = sentences(meta.notes ?? '');
    const oldRemediation = sentences(meta.remediation ?? '');
    const moved: string[] = [];
    for (const prefix of spec.move ?? []) {
      const i = notes.findIndex((s) => s.startsWith(prefix));
      if (i >= 0) moved.push(...notes.splice(i, 1));
      else {
        const r = oldRemediation.find((s) => s.startsWith(prefix));
        if (!r) throw new Error(`${id}: no sentence '${prefix}'`);
        moved.push(r);
      }
    }
    for (const prefix of spec.drop ?? []) {
      const i = notes.findIndex((s) => s.startsWith(prefix));
      if (i >= 0) notes.splice(i, 1);
    }
    const lineStart = src.lastIndexOf('\n', whyNode.getStart(sf)) + 1;
    const indent = src.slice(lineStart, whyNode.getStart(sf));
    let end = exNode.getEnd();
    if (src[end] === ',') end++;
    const fields = [
      prop('why', sentences(spec.why ?? meta.why), indent).trimStart(),
      prop('remediation', [...sentences(spec.remediation), ...moved], indent),
    ];
    if (notes.length) fields.push(prop('notes', notes, indent));
    const ex = [exampleProp('bad', spec.bad, indent + '  '), exampleProp('good', spec.good, indent + '  ')];
    if (spec.filePath) ex.push(`${indent}  filePath: ${lit(spec.filePath)},`);
    fields.push(`${indent}examples: {\n${ex.join('\n')}\n${indent}},`);
    writeFileSync(file, src.slice(0, whyNode.getStart(sf)) + fields.join('\n') + src.slice(end));
  }
}

/** Dedents a template: the examples are written indented in the spec. */
export function f(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = String.raw({ raw: strings.raw.map((s) => s.replace(/\\`/g, "`").replace(/\\\$/g, "$")) }, ...values);
  const lines = raw.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.match(/^ */)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n').replace(/[ ]+$/, '');
}
