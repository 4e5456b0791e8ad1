// `npm test`: proves the validator accepts a valid template and rejects each kind of mistake it claims
// to catch, by running the CLI exactly as ./threadline test does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const validator = path.join(here, '..', 'validate.mjs');

function validate(file) {
  const run = spawnSync(process.execPath, [validator, file], { encoding: 'utf8' });
  return { status: run.status, out: run.stdout + run.stderr };
}

const fixture = (name) => path.join(here, '..', 'fixtures', name);

test('accepts the project template', () => {
  const { status, out } = validate(path.join(here, '..', '..', 'template.yaml'));
  assert.equal(status, 0, out);
  assert.match(out, /OK: \d+ resources/);
});

test('accepts a minimal valid SAM template (positive control)', () => {
  const { status, out } = validate(fixture('valid-minimal.yaml'));
  assert.equal(status, 0, out);
  assert.match(out, /allow-list used: Function\.SnapStart, SQSEvent\.FunctionResponseTypes/);
});

test('rejects unknown properties, wrong primitive types and missing required properties', () => {
  const { status, out } = validate(fixture('unknown-property.yaml'));
  assert.equal(status, 1, out);
  assert.match(out, /Resources\.Jobs\.Properties\.VisibilityTimout: unknown property 'VisibilityTimout' for AWS::SQS::Queue/);
  assert.match(out, /Resources\.Jobs\.Properties\.MessageRetentionPeriod: expected an integer, got string "soon"/);
  assert.match(out, /Resources\.Table\.Properties: missing required property 'KeySchema' of AWS::DynamoDB::Table/);
  assert.match(out, /Events\.Jobs\.Properties\.BatchSizes: unknown property 'BatchSizes' for SQS event/);
  assert.match(out, /INVALID: 4 error\(s\)/);
});

test('rejects dangling Ref, unknown GetAtt attribute, unresolved ${} in Fn::Sub and unknown conditions', () => {
  const { status, out } = validate(fixture('dangling-ref.yaml'));
  assert.equal(status, 1, out);
  assert.match(out, /Jobs \(AWS::SQS::Queue\) has no attribute 'Arnn'/);
  assert.match(out, /Ref to unknown parameter or resource 'DeadLetterQueue'/);
  assert.match(out, /Fn::Sub \$\{Stage\}: Ref to unknown parameter or resource 'Stage'/);
  assert.match(out, /unknown condition 'IsProduction'/);
  assert.match(out, /INVALID: 4 error\(s\)/);
});

test('rejects short-form intrinsic tags, which plain YAML parsers cannot read', () => {
  const { status, out } = validate(fixture('short-form-tags.yaml'));
  assert.equal(status, 1, out);
  assert.match(out, /short-form tag !GetAtt is not plain YAML/);
});

test('exits 2 with a usage message when no template is given', () => {
  const run = spawnSync(process.execPath, [validator], { encoding: 'utf8' });
  assert.equal(run.status, 2);
  assert.match(run.stderr, /usage: node validate\.mjs <template\.yaml>/);
});

test('rejects scalars that YAML 1.1 parsers (SnakeYAML, Jackson) read differently', async () => {
  const { validateTemplate } = await import('../validate.mjs');
  const { errors } = validateTemplate([
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Resources:',
    '  Jobs:',
    '    Type: AWS::SQS::Queue',
    '    Properties:',
    '      QueueName: on',
    '      DelaySeconds: 010',
  ].join('\n'), 'inline.yaml');
  assert.ok(errors.some((e) => /QueueName: "on" reads as true in YAML 1\.1/.test(e)), errors.join('\n'));
  assert.ok(errors.some((e) => /DelaySeconds: 10 reads as 8 in YAML 1\.1/.test(e)), errors.join('\n'));
});

test('merges SAM Globals as SAM does: maps merge, lists concatenate, scalars and intrinsics are replaced', async () => {
  const { mergeGlobals } = await import('../validate.mjs');
  const merged = mergeGlobals(
    { Runtime: 'java21', Layers: ['a'], Environment: { Variables: { A: '1', B: { Ref: 'X' } } } },
    { Runtime: 'java25', Layers: ['b'], Environment: { Variables: { B: '2', C: '3' } } },
  );
  assert.deepEqual(merged, { Runtime: 'java25', Layers: ['a', 'b'], Environment: { Variables: { A: '1', B: '2', C: '3' } } });
});
