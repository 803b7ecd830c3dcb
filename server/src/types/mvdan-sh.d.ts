declare module 'mvdan-sh' {
  // The GopherJS build exposes Go's mvdan.cc/sh/v3/syntax API; its nodes are untyped here.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  export const syntax: any;
}
