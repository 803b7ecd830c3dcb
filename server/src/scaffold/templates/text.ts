/** Turns the two-space indentation the templates are written with into gofmt's tabs. */
export function goSource(text: string): string {
  return text.replace(/^(?: {2})+/gm, (indent) => '\t'.repeat(indent.length / 2));
}

/** Turns two-space indented recipe lines into the tabs make requires. */
export function makeRecipes(text: string): string {
  return text.replace(/^ {2}/gm, '\t');
}
