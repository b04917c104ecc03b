// The gateway's openapi.json is the contract: every field and enum value of the intent, status, verdict,
// execution report and error schemas has a place in this SDK's declared types (dist/model.d.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const schemas = JSON.parse(readFileSync(new URL('../../../ingest/src/main/resources/openapi.json', import.meta.url), 'utf8')).components.schemas;
const declared = readFileSync(new URL('../dist/model.d.ts', import.meta.url), 'utf8');

function members(name) {
  const body = declared.match(new RegExp(`export interface ${name} \\{([\\s\\S]*?)\\n\\}`));
  assert.ok(body, `interface ${name} is declared`);
  return new Set([...body[1].matchAll(/^\s*(?:readonly\s+)?(\w+)\??:/gm)].map((m) => m[1]));
}

function literals(type) {
  const line = declared.match(new RegExp(`export type ${type} = ([^;]*);`));
  assert.ok(line, `type ${type} is declared`);
  return new Set([...line[1].matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]));
}

const covers = (iface, schema) => {
  const have = members(iface);
  for (const field of Object.keys(schema.properties)) assert.ok(have.has(field), `${iface} lacks ${field}`);
};

test('every schema field of openapi.json is a member of the SDK types', () => {
  covers('Intent', schemas.IntentRequest);
  covers('IntentStatus', schemas.IntentStatus);
  covers('Review', schemas.Review);
  covers('Caller', schemas.Caller);
  covers('Verdict', schemas.Verdict);
  covers('ApproverDecision', schemas.Verdict.properties.decisions.items);
  covers('ApproverAuthentication', schemas.Verdict.properties.decisions.items.properties.authentication);
  covers('MatchedRule', schemas.Verdict.properties.matchedRules.items);
  covers('ExecutionReport', schemas.ExecutionReport);
  covers('ErrorBody', schemas.Error);
});

test('every enum value of openapi.json is a literal of the SDK types', () => {
  for (const [type, values] of [
    ['IntentStatusValue', schemas.IntentStatus.properties.status.enum],
    ['Outcome', schemas.Verdict.properties.outcome.enum],
    ['DecidedBy', schemas.Verdict.properties.decidedBy.enum],
    ['ExecutionStatus', schemas.ExecutionReport.properties.status.enum],
  ]) {
    const have = literals(type);
    for (const v of values) assert.ok(have.has(v), `${type} lacks '${v}'`);
  }
});
