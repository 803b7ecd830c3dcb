// Typed access to what dockerfile-ast keeps on some instruction classes only (flags, properties,
// JSON strings, heredocs), asked of any instruction: empty where the instruction has none.
import { JSONInstruction, ModifiableInstruction, PropertyInstruction, type Flag, type Heredoc, type Instruction, type JSONArgument, type Property } from 'dockerfile-ast';

/** `--from=…`, `--mount=…`, `--chown=…`: the flags of FROM, RUN, COPY, ADD and the other flag-taking instructions. */
export function flagsOf(instruction: Instruction): Flag[] {
  return instruction instanceof ModifiableInstruction ? instruction.getFlags() : [];
}

/** The `name=value` declarations of ENV, ARG and LABEL. */
export function propertiesOf(instruction: Instruction): Property[] {
  return instruction instanceof PropertyInstruction ? instruction.getProperties() : [];
}

/** The strings of an exec-form (JSON array) argument list; empty in shell form. */
export function jsonStringsOf(instruction: Instruction): JSONArgument[] {
  return instruction instanceof JSONInstruction ? instruction.getJSONStrings() : [];
}

/**
 * The heredocs (`<<EOF … EOF`) of an instruction. dockerfile-ast makes the method public on RUN and
 * COPY only, but reads heredocs of every instruction the same way, and an unclosed one on any
 * instruction swallows the lines after it.
 */
export function heredocsOf(instruction: Instruction): Heredoc[] {
  return (instruction as unknown as { getHeredocs(): Heredoc[] }).getHeredocs();
}
