/**
 * The intent hash, computed exactly as the gateway does (io.countersign.contracts.canonical.IntentHash):
 * SHA-256 over canonical JSON — keys sorted by UTF-16 code units (Java's String order, which is also
 * JavaScript's default string order), no white space, UTF-8, only quote, backslash and control characters
 * escaped (other control characters as \u00XX with upper-case hex, as Jackson writes them). The shared
 * vectors in contracts/src/test/resources/intent-hash-vectors.json hold this to the Java implementation.
 */

/** The intent as the gateway stored it: completed delegation chain, canonical targets, the key's environment. */
export interface CanonicalIntent {
  intentId: string;
  agent: string;
  principal: string;
  delegationChain: readonly string[];
  action: string;
  targets: readonly string[];
  destination?: { uri: string; external?: boolean } | null;
  parameters?: Readonly<Record<string, string>>;
  environment?: string;
}

const SHORT: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r' };

function str(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    const code = value.charCodeAt(i);
    if (SHORT[ch] !== undefined) {
      out += SHORT[ch];
    } else if (code < 0x20) {
      out += '\\u' + code.toString(16).toUpperCase().padStart(4, '0');
    } else {
      out += ch;
    }
  }
  return out + '"';
}

function value(v: unknown): string {
  if (typeof v === 'string') return str(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return '[' + v.map(value).join(',') + ']';
  if (v !== null && typeof v === 'object') {
    // Default sort compares UTF-16 code units, exactly like Java's String.compareTo.
    const keys = Object.keys(v).sort();
    return '{' + keys.map((k) => str(k) + ':' + value((v as Record<string, unknown>)[k])).join(',') + '}';
  }
  throw new TypeError(`canonical intent values are strings, booleans, arrays and string maps, not ${typeof v}`);
}

/** The canonical text the gateway hashes. */
export function canonicalJson(intent: CanonicalIntent): string {
  const parameters = intent.parameters ?? {};
  for (const [k, v] of Object.entries(parameters)) {
    if (typeof v !== 'string') {
      throw new TypeError(`parameter '${k}': values must be strings (send structured values as JSON text)`);
    }
  }
  const form: Record<string, unknown> = {
    intentId: intent.intentId,
    agent: intent.agent,
    principal: intent.principal,
    delegationChain: [...intent.delegationChain],
    action: intent.action,
    targets: [...intent.targets],
    parameters,
    environment: intent.environment ?? 'prod',
  };
  if (intent.destination) {
    form.destination = { external: intent.destination.external === true, uri: intent.destination.uri };
  }
  return value(form);
}

/** Lower-case hex SHA-256 of the UTF-8 bytes of `text` (Web Crypto: Node 18+, browsers, edge runtimes). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The verdict's `intentHash` for this intent. */
export function intentHash(intent: CanonicalIntent): Promise<string> {
  return sha256Hex(canonicalJson(intent));
}
