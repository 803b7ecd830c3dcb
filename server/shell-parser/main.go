//go:build js && wasm

// The shell parser of server/src/engine/dockerfile/shell.ts: mvdan.cc/sh/v3/syntax (the parser
// behind shfmt) compiled to WebAssembly. It parses one script and returns, as JSON, the simple
// commands and `export`-style declarations in it, in source order, with UTF-8 byte offsets:
//
//	[{"kind":"call","assigns":[…],"args":[{"value","start","end"}…],"start","end",
//	  "quoted":[{"from","to","quote"}|null…],"heredocs":[{"from","to"}…]},
//	 {"kind":"decl","assigns":[{"name","value","start","end","valueStart"}…]}]
//
// or null when the script does not parse. Build: node scripts/build-shell-parser.mjs.
package main

import (
	"strconv"
	"strings"
	"syscall/js"
	"unicode/utf8"

	"mvdan.cc/sh/v3/syntax"
)

func main() {
	parser := syntax.NewParser(syntax.KeepComments(false), syntax.Variant(syntax.LangBash))
	// The loader puts an object under this name for the time of go.run and takes it back.
	exports := js.Global().Get("__goContainerStandardShellParser")
	exports.Set("parse", js.FuncOf(func(_ js.Value, args []js.Value) (result any) {
		// A script that trips the parser is read with the plain tokenizer, like one that does not parse.
		defer func() {
			if recover() != nil {
				result = js.Null()
			}
		}()
		source := args[0].String()
		file, err := parser.Parse(strings.NewReader(source), "")
		if err != nil {
			return js.Null()
		}
		w := &writer{source: source}
		w.script(file)
		return w.b.String()
	}))
	select {}
}

type writer struct {
	source string
	b      strings.Builder
	events int
}

// pending is a statement, or a command with the heredocs of the statement it belongs to.
type pending struct {
	stmt     *syntax.Stmt
	cmd      syntax.Command
	heredocs []*syntax.Word
}

func (w *writer) script(file *syntax.File) {
	w.b.WriteByte('[')
	// Statements are visited in source order with an explicit stack, not by recursion: `a && b && …`
	// nests one level per operator, and a RUN of thousands of continuation lines must not overflow the stack.
	stack := stmts(file.Stmts)
	reverse(stack)
	for len(stack) > 0 {
		item := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		children := w.visit(item)
		for i := len(children) - 1; i >= 0; i-- {
			stack = append(stack, children[i])
		}
	}
	w.b.WriteByte(']')
}

func stmts(list []*syntax.Stmt) []pending {
	out := make([]pending, 0, len(list))
	for _, s := range list {
		out = append(out, pending{stmt: s})
	}
	return out
}

func reverse(items []pending) {
	for i, j := 0, len(items)-1; i < j; i, j = i+1, j-1 {
		items[i], items[j] = items[j], items[i]
	}
}

func (w *writer) visit(item pending) []pending {
	if item.stmt != nil {
		var heredocs []*syntax.Word
		for _, r := range item.stmt.Redirs {
			if r.Hdoc != nil {
				heredocs = append(heredocs, r.Hdoc)
			}
		}
		if item.stmt.Cmd == nil {
			return nil
		}
		return []pending{{cmd: item.stmt.Cmd, heredocs: heredocs}}
	}
	switch cmd := item.cmd.(type) {
	case *syntax.CallExpr:
		w.call(cmd, item.heredocs)
	case *syntax.DeclClause:
		// `export X=1`, `declare -x X=1`: later commands of the script see X.
		w.decl(cmd)
	case *syntax.BinaryCmd:
		return []pending{{stmt: cmd.X}, {stmt: cmd.Y}}
	case *syntax.Subshell:
		return stmts(cmd.Stmts)
	case *syntax.Block:
		return stmts(cmd.Stmts)
	case *syntax.IfClause:
		out := append(stmts(cmd.Cond), stmts(cmd.Then)...)
		if cmd.Else != nil {
			out = append(out, pending{cmd: cmd.Else})
		}
		return out
	case *syntax.WhileClause:
		return append(stmts(cmd.Cond), stmts(cmd.Do)...)
	case *syntax.ForClause:
		return stmts(cmd.Do)
	case *syntax.CaseClause:
		var out []pending
		for _, ci := range cmd.Items {
			out = append(out, stmts(ci.Stmts)...)
		}
		return out
	case *syntax.FuncDecl:
		return []pending{{stmt: cmd.Body}}
	case *syntax.TimeClause:
		return []pending{{stmt: cmd.Stmt}}
	case *syntax.CoprocClause:
		return []pending{{stmt: cmd.Stmt}}
	}
	return nil
}

func (w *writer) startEvent() {
	if w.events > 0 {
		w.b.WriteByte(',')
	}
	w.events++
}

func (w *writer) call(cmd *syntax.CallExpr, heredocs []*syntax.Word) {
	w.startEvent()
	w.b.WriteString(`{"kind":"call","assigns":[`)
	for i, a := range cmd.Assigns {
		if i > 0 {
			w.b.WriteByte(',')
		}
		w.assign(a)
	}
	w.b.WriteString(`],"args":[`)
	for i, word := range cmd.Args {
		if i > 0 {
			w.b.WriteByte(',')
		}
		w.b.WriteString(`{"value":`)
		w.str(w.wordValue(word))
		w.num(`,"start":`, word.Pos().Offset())
		w.num(`,"end":`, word.End().Offset())
		w.b.WriteByte('}')
	}
	w.b.WriteString(`],"quoted":[`)
	for i, word := range cmd.Args {
		if i > 0 {
			w.b.WriteByte(',')
		}
		w.quotedPart(word)
	}
	w.b.WriteString(`],"heredocs":[`)
	for i, h := range heredocs {
		if i > 0 {
			w.b.WriteByte(',')
		}
		w.num(`{"kind":"heredoc","from":`, h.Pos().Offset())
		w.num(`,"to":`, h.End().Offset())
		w.b.WriteByte('}')
	}
	w.num(`],"start":`, cmd.Pos().Offset())
	w.num(`,"end":`, cmd.End().Offset())
	w.b.WriteByte('}')
}

func (w *writer) decl(cmd *syntax.DeclClause) {
	w.startEvent()
	w.b.WriteString(`{"kind":"decl","assigns":[`)
	n := 0
	for _, a := range cmd.Args {
		if a.Name == nil || a.Naked {
			continue
		}
		if n > 0 {
			w.b.WriteByte(',')
		}
		n++
		w.assign(a)
	}
	w.b.WriteString(`]}`)
}

func (w *writer) assign(a *syntax.Assign) {
	name, value := "", ""
	if a.Name != nil {
		name = a.Name.Value
	}
	end := a.End().Offset()
	valueStart := end
	if a.Value != nil {
		value = w.wordValue(a.Value)
		valueStart = a.Value.Pos().Offset()
	}
	w.b.WriteString(`{"name":`)
	w.str(name)
	w.b.WriteString(`,"value":`)
	w.str(value)
	w.num(`,"start":`, a.Pos().Offset())
	w.num(`,"end":`, end)
	w.num(`,"valueStart":`, valueStart)
	w.b.WriteByte('}')
}

// quotedPart writes the inside of a word that is exactly one `"…"` or `'…'` (a possible `sh -c` script), or null.
func (w *writer) quotedPart(word *syntax.Word) {
	if len(word.Parts) == 1 {
		switch p := word.Parts[0].(type) {
		case *syntax.SglQuoted:
			if !p.Dollar {
				w.num(`{"kind":"quoted","from":`, p.Pos().Offset()+1)
				w.num(`,"to":`, p.End().Offset()-1)
				w.b.WriteString(`,"quote":"single"}`)
				return
			}
		case *syntax.DblQuoted:
			if !p.Dollar {
				w.num(`{"kind":"quoted","from":`, p.Pos().Offset()+1)
				w.num(`,"to":`, p.End().Offset()-1)
				w.b.WriteString(`,"quote":"double"}`)
				return
			}
		}
	}
	w.b.WriteString("null")
}

// wordValue is the word with quotes removed; parameter expansions are kept as written (`$TARGETOS`).
func (w *writer) wordValue(word *syntax.Word) string {
	var out strings.Builder
	for _, part := range word.Parts {
		w.partValue(&out, part, false)
	}
	return out.String()
}

func (w *writer) partValue(out *strings.Builder, part syntax.WordPart, inDouble bool) {
	switch p := part.(type) {
	case *syntax.Lit:
		unescape(out, p.Value, inDouble)
	case *syntax.SglQuoted:
		out.WriteString(p.Value)
	case *syntax.DblQuoted:
		for _, inner := range p.Parts {
			w.partValue(out, inner, true)
		}
	case *syntax.ParamExp:
		if p.Param != nil && !p.Length && !p.Excl && p.Exp == nil && p.Repl == nil && p.Slice == nil && p.Index == nil {
			out.WriteString("$" + p.Param.Value)
			return
		}
		out.WriteString(w.source[p.Pos().Offset():p.End().Offset()])
	default:
		// Command substitutions and arithmetic stay as written: `$(git describe)`.
		out.WriteString(w.source[part.Pos().Offset():part.End().Offset()])
	}
}

// unescape drops a literal's backslashes as the shell does: before any character but a line
// break outside double quotes, before $ ` " \ inside them.
func unescape(out *strings.Builder, lit string, inDouble bool) {
	for i := 0; i < len(lit); i++ {
		if lit[i] == '\\' && i+1 < len(lit) {
			r, size := utf8.DecodeRuneInString(lit[i+1:])
			escapable := r != '\n' && r != '\r' && r != '\u2028' && r != '\u2029'
			if inDouble {
				escapable = r == '$' || r == '`' || r == '"' || r == '\\'
			}
			if escapable {
				out.WriteString(lit[i+1 : i+1+size])
				i += size
				continue
			}
		}
		out.WriteByte(lit[i])
	}
}

func (w *writer) num(prefix string, n uint) {
	w.b.WriteString(prefix)
	w.b.WriteString(strconv.FormatUint(uint64(n), 10))
}

// str writes a JSON string.
func (w *writer) str(s string) {
	const hex = "0123456789abcdef"
	w.b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			w.b.WriteByte('\\')
			w.b.WriteByte(c)
		case c < 0x20:
			w.b.WriteString(`\u00`)
			w.b.WriteByte(hex[c>>4])
			w.b.WriteByte(hex[c&0xf])
		default:
			w.b.WriteByte(c)
		}
	}
	w.b.WriteByte('"')
}
