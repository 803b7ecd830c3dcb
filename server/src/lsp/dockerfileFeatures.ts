import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver/node';
import type { Instruction } from 'dockerfile-ast';
import type { DockerfileModel } from '../engine/dockerfile/model';

/** Outline: global ARGs, then one symbol per stage (`build`, `stage 2`) with its instructions inside. */
export function dockerfileSymbols(model: DockerfileModel): DocumentSymbol[] {
  const instructions = model.ast.getInstructions();
  const symbols: DocumentSymbol[] = [];
  const firstFrom = model.stages[0]?.fromRange.start.line ?? Infinity;
  for (const instruction of instructions) {
    if (instruction.getRange().start.line < firstFrom) symbols.push(instructionSymbol(instruction));
  }
  model.stages.forEach((stage, i) => {
    const last = stage.instructions[stage.instructions.length - 1];
    const range = { start: stage.fromRange.start, end: last ? last.getRange().end : stage.fromRange.end };
    symbols.push({
      name: stage.name ?? `stage ${i}`,
      detail: `FROM ${stage.image.raw}${stage.isRuntime ? ' (runtime)' : ''}`,
      kind: SymbolKind.Module,
      range,
      selectionRange: stage.nameRange ?? stage.imageRange,
      children: stage.instructions.map(instructionSymbol),
    });
  });
  return symbols;
}

function instructionSymbol(instruction: Instruction): DocumentSymbol {
  const range = instruction.getRange();
  const args = instruction
    .getArguments()
    .map((a) => a.getValue())
    .join(' ');
  return {
    name: instruction.getKeyword() || '(instruction)',
    detail: args.length > 80 ? `${args.slice(0, 77)}...` : args,
    kind: SymbolKind.Field,
    range,
    selectionRange: instruction.getInstructionRange(),
  };
}
