// What counts as a secret, shared by no-secrets-in-image, k8s-no-secret-literals and
// compose-no-secret-literals so the three agree (see no-secrets-in-image's notes).

const SECRET_WORDS = new Set(['PASSWORD', 'PASSWD', 'PASS', 'PASSPHRASE', 'SECRET', 'SECRETS', 'TOKEN', 'TOKENS', 'CREDENTIAL', 'CREDENTIALS', 'CREDS', 'APIKEY', 'PRIVATEKEY', 'ACCESSKEY']);
const GLUED = /(PASSWORD|PASSWD|SECRET|TOKEN|APIKEY)$/;
const KEY_PAIRS = new Set(['API', 'PRIVATE', 'ACCESS', 'SIGNING', 'ENCRYPTION', 'MASTER']);
// `_ID`, `_VERSION`, `_REF`, `_ARN` name a secret in a secret manager (`SECRET_ID`, `SECRET_VERSION`,
// `AWS_ACCESS_KEY_ID`), they are not its value.
const REFERENCE_SUFFIXES = new Set(['FILE', 'PATH', 'DIR', 'URL', 'URI', 'ENDPOINT', 'HOST', 'PORT', 'NAME', 'TYPE', 'LENGTH', 'TTL', 'EXPIRY', 'HEADER', 'ENABLED', 'ID', 'IDS', 'VERSION', 'REF', 'ARN']);
/** Words that end like a secret but name something public: etcd's initial cluster token only tells clusters apart. */
const NOT_SECRETS = [['INITIAL', 'CLUSTER', 'TOKEN']];

/**
 * A name is secret when one of its words is a secret word (PASSWORD, TOKEN, …) or a KEY pair
 * (API_KEY, PRIVATE_KEY, …), unless its last word says it only points at or describes a secret
 * (`_FILE`, `_PATH`, `_DIR`, `_URL`, `_NAME`, `_ID`, `_VERSION`, …): `GITHUB_TOKEN` yes, `TOKEN_URL`,
 * `DB_PASSWORD_FILE`, `SECRET_ID` no.
 */
export function isSecretName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
  if (words.length === 0 || REFERENCE_SUFFIXES.has(words[words.length - 1])) return false;
  if (NOT_SECRETS.some((tail) => tail.length <= words.length && tail.every((w, i) => words[words.length - tail.length + i] === w))) return false;
  return words.some((w, i) => SECRET_WORDS.has(w) || (w.length > 6 && GLUED.test(w)) || (w === 'KEY' && i > 0 && KEY_PAIRS.has(words[i - 1])));
}

export function isSecretFile(source: string): boolean {
  const base = source.replace(/[/\\]+$/, '').split(/[/\\]/).pop() ?? '';
  if (base === '.env') return true;
  if (/^\.env\./.test(base)) return !/\.(example|sample|template|dist|defaults?)$/i.test(base);
  if (/\.(pem|key)$/i.test(base)) return true;
  return /^id_(rsa|dsa|ecdsa|ed25519)/.test(base) && !base.endsWith('.pub');
}
