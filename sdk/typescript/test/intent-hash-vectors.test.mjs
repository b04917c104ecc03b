// The shared intent-hash vectors (also checked against the gateway's Java IntentHash) hold for this SDK.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { canonicalJson, intentHash } from '../dist/index.js';

const vectors = JSON.parse(readFileSync(new URL('../../../contracts/src/test/resources/intent-hash-vectors.json', import.meta.url), 'utf8')).vectors;

test('every vector gives the gateway\'s canonical text and hash', async () => {
  assert.ok(vectors.length >= 7);
  for (const v of vectors) {
    assert.equal(canonicalJson(v.intent), v.canonicalJson, v.name);
    assert.equal(await intentHash(v.intent), v.sha256, v.name);
  }
});

test('non-string parameters are refused rather than hashed differently', () => {
  assert.throws(() => canonicalJson({ ...vectors[0].intent, parameters: { rows: 42 } }), TypeError);
});
