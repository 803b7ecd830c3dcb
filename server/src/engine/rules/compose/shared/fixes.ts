// Edits the compose fixes share.
import { isScalar, type YAMLSeq } from 'yaml';
import type { TextEdit } from '../../../types';
import type { YamlEditor } from '../../../yaml/edit';
import { renderFlow } from '../../../yaml/render';

/**
 * Appends a scalar item to a list in the list's own style (block or flow) and quoting (the
 * last item's `"…"` or `'…'`): `security_opt: ["label:disable"]` gets `"no-new-privileges:true"`.
 */
export function appendItem(editor: YamlEditor, seq: YAMLSeq<unknown>, item: string): TextEdit {
  const edit = editor.appendToSeq(seq, [item]);
  const last = seq.items[seq.items.length - 1];
  const quote = isScalar(last) ? last.type : undefined;
  const plain = renderFlow(item);
  if ((quote !== 'QUOTE_DOUBLE' && quote !== 'QUOTE_SINGLE') || !edit.newText.endsWith(plain)) return edit;
  const quoted = quote === 'QUOTE_DOUBLE' ? JSON.stringify(item) : `'${item.replace(/'/g, "''")}'`;
  return { ...edit, newText: edit.newText.slice(0, -plain.length) + quoted };
}
