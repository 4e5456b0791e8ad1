#!/usr/bin/env node
// Offline validator for Threadline's SAM template: `node validate.mjs ../template.yaml`.
//
// Why this exists: `sam validate` and cfn-lint come from PyPI, which the build machines cannot reach, and
// npm's cfn-lint is stale. @aws-cdk/aws-service-spec (npm) ships the CloudFormation registry schemas and
// the SAM resource specification as one database; this script checks the template against it:
//
//   1. YAML: parses with js-yaml's YAML 1.2 core schema; short-form tags (!Ref) are refused, and so is any
//      scalar a YAML 1.1 parser (SnakeYAML, Jackson) would read differently (yes/on, dates, 010).
//   2. Sections: known top-level keys, parameter types and defaults, resource attributes.
//   3. CloudFormation resources: type exists; no unknown property; required properties present;
//      primitive types (string/number/integer/boolean), arrays, maps, nested types and enum values.
//   4. SAM resources: Globals merged as SAM merges them, events checked against the event type their
//      Type names, then the same checks against the SAM spec. The spec lags SAM, so the few newer keys we
//      use are on SAM_ALLOW_LIST below; each is checked against the CloudFormation property SAM passes it
//      to, and the list says which keys were used.
//   5. References: every Ref, Fn::GetAtt, ${...} in Fn::Sub, Fn::If condition and Fn::FindInMap map
//      resolves to a parameter, resource (or a resource SAM generates), pseudo parameter, attribute the
//      schema declares, condition or mapping. Dynamic references ({{resolve:...}}) are well-formed.
//   6. Dashboards: each DashboardBody is valid JSON once its ${...} are substituted.
//
// Exit status: 0 valid, 1 errors found (printed one per line with their path), 2 usage or unreadable file.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import * as yaml from 'js-yaml';

const require = createRequire(import.meta.url);
const { loadAwsServiceSpecSync } = require('@aws-cdk/aws-service-spec');

/**
 * Keys SAM accepts that the SAM spec in @aws-cdk/aws-service-spec does not know yet (or misspells).
 * `passesTo` names the CloudFormation property SAM copies the value to; the value is validated against
 * that property's registry schema, so allow-listing skips only the spec lookup, not the type check.
 */
export const SAM_ALLOW_LIST = [
  { on: 'AWS::Serverless::Function', key: 'SnapStart', passesTo: ['AWS::Lambda::Function', 'SnapStart'],
    why: 'SAM supports SnapStart since Nov 2022; the spec predates it' },
  { on: 'AWS::Serverless::Function', key: 'LoggingConfig', passesTo: ['AWS::Lambda::Function', 'LoggingConfig'],
    why: 'SAM passes LoggingConfig (custom log group, log format) to the function since Nov 2023; not in the spec' },
  { on: 'AWS::Serverless::Function', key: 'AutoPublishAliasAllProperties', primitive: 'boolean',
    why: 'SAM-only flag (publish a version on any property change); not in the spec' },
  { on: 'AWS::Serverless::HttpApi', key: 'AccessLogSettings', passesTo: ['AWS::ApiGatewayV2::Stage', 'AccessLogSettings'],
    why: 'SAM reads AccessLogSettings for HTTP APIs; the spec spells it AccessLogSetting (the REST API name)' },
  { on: 'SQS event', key: 'FunctionResponseTypes', passesTo: ['AWS::Lambda::EventSourceMapping', 'FunctionResponseTypes'],
    why: 'ReportBatchItemFailures on SQS event sources; the spec only has it for Kinesis' },
  { on: 'SQS event', key: 'ScalingConfig', passesTo: ['AWS::Lambda::EventSourceMapping', 'ScalingConfig'],
    why: 'SQS maximum concurrency (2023); not in the spec' },
];

const TOP_LEVEL = ['AWSTemplateFormatVersion', 'Transform', 'Description', 'Metadata', 'Parameters', 'Rules',
  'Mappings', 'Conditions', 'Globals', 'Resources', 'Outputs'];
const RESOURCE_ATTRIBUTES = ['Type', 'Properties', 'DependsOn', 'Condition', 'DeletionPolicy', 'UpdateReplacePolicy',
  'Metadata', 'CreationPolicy', 'UpdatePolicy', 'IgnoreGlobals'];
const DELETION_POLICIES = ['Delete', 'Retain', 'RetainExceptOnCreate', 'Snapshot'];
const PSEUDO_PARAMETERS = ['AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region',
  'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix'];
const PARAMETER_TYPES = /^(String|Number|List<Number>|CommaDelimitedList|AWS::SSM::Parameter::(Name|Value<.+>)|AWS::[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+|List<AWS::[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+>)$/;
const INTRINSICS = ['Ref', 'Fn::GetAtt', 'Fn::Sub', 'Fn::Join', 'Fn::If', 'Fn::Equals', 'Fn::Not', 'Fn::And', 'Fn::Or',
  'Fn::FindInMap', 'Fn::Select', 'Fn::Split', 'Fn::Base64', 'Fn::Cidr', 'Fn::GetAZs', 'Fn::ImportValue',
  'Fn::Transform', 'Fn::Length', 'Fn::ToJsonString'];
// Functions that produce a string, so they cannot stand where an object, list or map is expected.
const STRING_INTRINSICS = ['Fn::Sub', 'Fn::Join', 'Fn::Base64'];
const DYNAMIC_REFERENCE = /\{\{resolve:(ssm|ssm-secure|secretsmanager):[^{}]+\}\}/g;

// SAM resource -> the CloudFormation type its logical id becomes (for Ref and Fn::GetAtt).
const SAM_PRIMARY_TYPE = {
  'AWS::Serverless::Function': 'AWS::Lambda::Function',
  'AWS::Serverless::HttpApi': 'AWS::ApiGatewayV2::Api',
  'AWS::Serverless::Api': 'AWS::ApiGateway::RestApi',
  'AWS::Serverless::SimpleTable': 'AWS::DynamoDB::Table',
  'AWS::Serverless::LayerVersion': 'AWS::Lambda::LayerVersion',
  'AWS::Serverless::StateMachine': 'AWS::StepFunctions::StateMachine',
  'AWS::Serverless::Application': 'AWS::CloudFormation::Stack',
};
// SAM event Type -> the event type definition in the SAM spec.
const SAM_EVENT_TYPES = {
  S3: 'S3Event', SNS: 'SNSEvent', SQS: 'SQSEvent', Kinesis: 'KinesisEvent', DynamoDB: 'DynamoDBEvent',
  Api: 'ApiEvent', Schedule: 'ScheduleEvent', CloudWatchEvent: 'CloudWatchEventEvent',
  CloudWatchLogs: 'CloudWatchLogsEvent', IoTRule: 'IoTRuleEvent', AlexaSkill: 'AlexaSkillEvent',
  EventBridgeRule: 'EventBridgeRuleEvent', HttpApi: 'HttpApiEvent', Cognito: 'CognitoEvent',
};
const SAM_GLOBALS_SECTIONS = { Function: 'AWS::Serverless::Function', HttpApi: 'AWS::Serverless::HttpApi',
  Api: 'AWS::Serverless::Api', SimpleTable: 'AWS::Serverless::SimpleTable', StateMachine: 'AWS::Serverless::StateMachine' };

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const intrinsicName = (v) => {
  if (!isObject(v)) return undefined;
  const keys = Object.keys(v);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::')) ? keys[0] : undefined;
};
const join = (p, k) => (typeof k === 'number' ? `${p}[${k}]` : p ? `${p}.${k}` : k);

let cachedDb;
function specDatabase() {
  cachedDb ??= loadAwsServiceSpecSync();
  return cachedDb;
}

/** Validates template text; returns { errors, warnings, stats } without printing or exiting. */
export function validateTemplate(text, fileName = 'template.yaml') {
  const errors = [];
  const warnings = [];
  const error = (where, message) => errors.push(`${fileName}: ${where}: ${message}`);
  const warn = (where, message) => warnings.push(`${fileName}: ${where}: ${message}`);
  const stats = { resources: 0, samResources: 0, references: 0, allowListed: new Set() };

  // 1. YAML ------------------------------------------------------------------------------------------
  let template;
  try {
    template = yaml.load(text, { schema: yaml.CORE_SCHEMA });
  } catch (e) {
    const tag = /unknown \w* ?tag !<!([A-Za-z:]+)>/.exec(e.message);
    error('YAML', tag
      ? `short-form tag !${tag[1]} is not plain YAML; write the long form (e.g. "Ref: X", "Fn::Sub: ...") (${e.message.split('\n')[0]})`
      : e.message.split('\n')[0]);
    return { errors, warnings, stats };
  }
  if (!isObject(template)) {
    error('YAML', 'the template is not a mapping');
    return { errors, warnings, stats };
  }
  try {
    compareYaml11(template, yaml.load(text, { schema: yaml.YAML11_SCHEMA }), '', error);
  } catch (e) {
    error('YAML', `not readable as YAML 1.1: ${e.message.split('\n')[0]}`);
  }

  const db = specDatabase();
  const resourceSpec = (type) => db.lookup('resource', 'cloudFormationType', 'equals', type)[0];
  const typeDef = (ref) => db.get('typeDefinition', ref);
  const typeName = (t) => {
    switch (t.type) {
      case 'ref': return typeDef(t.reference).name;
      case 'array': return `list of ${typeName(t.element)}`;
      case 'map': return `map of ${typeName(t.element)}`;
      case 'union': return t.types.map(typeName).join(' | ');
      default: return t.type;
    }
  };

  // 2. Sections ---------------------------------------------------------------------------------------
  for (const key of Object.keys(template)) {
    if (!TOP_LEVEL.includes(key)) error(key, `unknown top-level section (known: ${TOP_LEVEL.join(', ')})`);
  }
  const parameters = isObject(template.Parameters) ? template.Parameters : {};
  const resources = isObject(template.Resources) ? template.Resources : {};
  const conditions = isObject(template.Conditions) ? template.Conditions : {};
  const mappings = isObject(template.Mappings) ? template.Mappings : {};
  if (!isObject(template.Resources) || Object.keys(resources).length === 0) error('Resources', 'missing or empty');
  const transforms = [].concat(template.Transform ?? []);
  const isSam = transforms.includes('AWS::Serverless-2016-10-31');

  for (const [name, p] of Object.entries(parameters)) {
    const where = `Parameters.${name}`;
    if (!isObject(p)) { error(where, 'must be a mapping'); continue; }
    if (typeof p.Type !== 'string' || !PARAMETER_TYPES.test(p.Type)) error(where, `invalid parameter Type ${JSON.stringify(p.Type)}`);
    if (p.Default !== undefined) checkParameterDefault(where, p, error);
  }

  const globals = isObject(template.Globals) ? template.Globals : {};
  // SAM generated resources (referenceable logical ids) and the type each logical id stands for.
  const effectiveType = new Map();
  for (const [id, r] of Object.entries(resources)) {
    if (!isObject(r) || typeof r.Type !== 'string') continue;
    effectiveType.set(id, SAM_PRIMARY_TYPE[r.Type] ?? r.Type);
    for (const [genId, genType] of samGeneratedResources(id, r)) effectiveType.set(genId, genType);
  }

  // 3./4. Resources --------------------------------------------------------------------------------------
  if (template.Globals !== undefined) {
    if (!isSam) error('Globals', 'Globals needs Transform: AWS::Serverless-2016-10-31');
    for (const section of Object.keys(globals)) {
      if (!SAM_GLOBALS_SECTIONS[section]) error(`Globals.${section}`, `unknown Globals section (known: ${Object.keys(SAM_GLOBALS_SECTIONS).join(', ')})`);
    }
  }

  for (const [id, r] of Object.entries(resources)) {
    const where = `Resources.${id}`;
    stats.resources++;
    if (!/^[A-Za-z0-9]+$/.test(id)) error(where, 'logical ids are alphanumeric');
    if (!isObject(r)) { error(where, 'must be a mapping'); continue; }
    for (const key of Object.keys(r)) {
      if (!RESOURCE_ATTRIBUTES.includes(key)) error(join(where, key), `unknown resource attribute (known: ${RESOURCE_ATTRIBUTES.join(', ')})`);
    }
    for (const attr of ['DeletionPolicy', 'UpdateReplacePolicy']) {
      if (r[attr] !== undefined && !DELETION_POLICIES.includes(r[attr])) error(join(where, attr), `must be one of ${DELETION_POLICIES.join(', ')}`);
    }
    for (const dep of [].concat(r.DependsOn ?? [])) {
      if (!resources[dep]) error(join(where, 'DependsOn'), `unknown resource ${dep}`);
    }
    if (r.Condition !== undefined && !conditions[r.Condition]) error(join(where, 'Condition'), `unknown condition ${r.Condition}`);
    const spec = typeof r.Type === 'string' ? resourceSpec(r.Type) : undefined;
    if (!spec) { error(join(where, 'Type'), `unknown resource type ${JSON.stringify(r.Type)}`); continue; }
    if (r.Properties !== undefined && !isObject(r.Properties)) { error(join(where, 'Properties'), 'must be a mapping'); continue; }

    if (spec.cloudFormationTransform) {
      stats.samResources++;
      if (!transforms.includes(spec.cloudFormationTransform)) error(join(where, 'Type'), `${r.Type} needs Transform: ${spec.cloudFormationTransform}`);
      const section = Object.entries(SAM_GLOBALS_SECTIONS).find(([, t]) => t === r.Type)?.[0];
      const merged = section && globals[section] ? mergeGlobals(globals[section], r.Properties ?? {}) : (r.Properties ?? {});
      checkSamProperties(r.Type, merged, join(where, 'Properties'));
    } else {
      checkObject(r.Properties ?? {}, spec.properties, join(where, 'Properties'), r.Type);
    }
  }
  // Globals keys themselves, reported where the fix belongs (they also show once per merged function).
  for (const [section, props] of Object.entries(globals)) {
    const samType = SAM_GLOBALS_SECTIONS[section];
    if (!samType || !isObject(props)) continue;
    const spec = resourceSpec(samType);
    for (const key of Object.keys(props)) {
      if (!spec.properties[key] && !allowListEntry(samType, key)) error(`Globals.${section}.${key}`, `unknown ${samType} property`);
    }
  }

  function checkSamProperties(samType, props, where) {
    const spec = resourceSpec(samType);
    const known = { ...spec.properties };
    const rest = {};
    for (const [key, value] of Object.entries(props)) {
      const allowed = allowListEntry(samType, key);
      if (!known[key] && allowed) {
        stats.allowListed.add(`${samType.replace('AWS::Serverless::', '')}.${key}`);
        checkAllowListed(allowed, value, join(where, key));
      } else if (key === 'Events' && samType === 'AWS::Serverless::Function') {
        checkEvents(value, join(where, key));
      } else {
        rest[key] = value;
      }
    }
    for (const entry of SAM_ALLOW_LIST) {
      if (entry.on === samType && known[entry.key]) warn(where, `the SAM spec now knows ${entry.key}; drop it from SAM_ALLOW_LIST`);
    }
    checkObject(rest, known, where, samType, Object.keys(props));
  }

  function checkEvents(events, where) {
    if (intrinsicName(events)) return;
    if (!isObject(events)) { error(where, 'must be a mapping of event name to event source'); return; }
    for (const [name, event] of Object.entries(events)) {
      const at = join(where, name);
      if (!isObject(event)) { error(at, 'must be a mapping with Type and Properties'); continue; }
      for (const key of Object.keys(event)) {
        if (key !== 'Type' && key !== 'Properties') error(join(at, key), 'unknown event key (known: Type, Properties)');
      }
      const defName = SAM_EVENT_TYPES[event.Type];
      if (!defName) { error(join(at, 'Type'), `unknown or unsupported event type ${JSON.stringify(event.Type)} (known: ${Object.keys(SAM_EVENT_TYPES).join(', ')})`); continue; }
      const def = samEventDef(defName);
      if (!def) { error(at, `the SAM spec has no ${defName}`); continue; }
      const props = isObject(event.Properties) ? event.Properties : {};
      const rest = {};
      for (const [key, value] of Object.entries(props)) {
        const allowed = allowListEntry(`${event.Type} event`, key);
        if (!def.properties[key] && allowed) {
          stats.allowListed.add(`${event.Type}Event.${key}`);
          checkAllowListed(allowed, value, join(join(at, 'Properties'), key));
        } else {
          rest[key] = value;
        }
      }
      checkObject(rest, def.properties, join(at, 'Properties'), `${event.Type} event`, Object.keys(props));
    }
  }

  // The event definitions are the members of EventSource.Properties in the Function spec.
  function samEventDef(defName) {
    const eventSource = typeDef(resourceSpec('AWS::Serverless::Function').properties.Events.type.element.reference);
    return eventSource.properties.Properties.type.types.map((t) => typeDef(t.reference)).find((d) => d.name === defName);
  }

  function checkAllowListed(entry, value, where) {
    if (entry.primitive) {
      checkValue(value, { type: entry.primitive }, where);
      return;
    }
    const target = resourceSpec(entry.passesTo[0])?.properties[entry.passesTo[1]];
    if (!target) { error(where, `SAM_ALLOW_LIST is stale: ${entry.passesTo.join('.')} is not in the CloudFormation schema`); return; }
    checkValue(value, target.type, where);
  }

  /** Checks a mapping against a property table: unknown keys, required keys, each value's type. */
  function checkObject(obj, properties, where, owner, presentKeys = Object.keys(obj)) {
    const allowListed = SAM_ALLOW_LIST.filter((e) => e.on === owner).map((e) => e.key);
    if (intrinsicName(obj)) return; // e.g. Properties: { Fn::If: ... }: checked by the reference pass
    for (const [key, value] of Object.entries(obj)) {
      const prop = properties[key];
      if (!prop) {
        error(join(where, key), `unknown property '${key}' for ${owner} (known: ${[...Object.keys(properties), ...allowListed].sort().join(', ')})`);
        continue;
      }
      checkValue(value, prop.type, join(where, key));
    }
    for (const [key, prop] of Object.entries(properties)) {
      if (prop.required && !presentKeys.includes(key)) error(where, `missing required property '${key}' of ${owner}`);
    }
  }

  /** Collects the errors of value against a spec type into sink (default: the report). */
  function checkValue(value, type, where, sink = error) {
    const fn = intrinsicName(value);
    if (fn) {
      if (fn === 'Fn::If' && Array.isArray(value[fn]) && value[fn].length === 3) {
        for (const i of [1, 2]) {
          const branch = value[fn][i];
          if (!(isObject(branch) && branch.Ref === 'AWS::NoValue')) checkValue(branch, type, `${where}(Fn::If[${i}])`, sink);
        }
      } else if (STRING_INTRINSICS.includes(fn) && ['ref', 'array', 'map'].includes(type.type)) {
        sink(where, `${fn} produces a string, but ${typeName(type)} is expected`);
      }
      return;
    }
    switch (type.type) {
      case 'string':
      case 'date-time':
        if (!['string', 'number', 'boolean'].includes(typeof value)) sink(where, `expected a string, got ${describe(value)}`);
        else if (type.allowedValues && typeof value === 'string' && !type.allowedValues.includes(value)) {
          if (type.allowedValues.some((a) => a.toLowerCase() === value.toLowerCase())) warn(where, `'${value}' differs in case from the allowed ${type.allowedValues.join(', ')}`);
          else sink(where, `'${value}' is not one of ${type.allowedValues.join(', ')}`);
        }
        return;
      case 'number':
      case 'integer': {
        const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : NaN;
        if (Number.isNaN(n)) sink(where, `expected ${type.type === 'integer' ? 'an integer' : 'a number'}, got ${describe(value)}`);
        else if (type.type === 'integer' && !Number.isInteger(n)) sink(where, `expected an integer, got ${value}`);
        else if (type.allowedValues && !type.allowedValues.includes(n)) sink(where, `${n} is not one of ${type.allowedValues.join(', ')}`);
        return;
      }
      case 'boolean':
        if (typeof value !== 'boolean' && value !== 'true' && value !== 'false') sink(where, `expected a boolean, got ${describe(value)}`);
        return;
      case 'json':
        if (!isObject(value) && !Array.isArray(value) && typeof value !== 'string') sink(where, `expected a JSON object, got ${describe(value)}`);
        return;
      case 'null':
        return;
      case 'tag':
        if (!isObject(value) || value.Key === undefined || value.Value === undefined) sink(where, 'expected a tag {Key, Value}');
        return;
      case 'array':
        if (!Array.isArray(value)) { sink(where, `expected a list of ${typeName(type.element)}, got ${describe(value)}`); return; }
        value.forEach((item, i) => checkValue(item, type.element, join(where, i), sink));
        return;
      case 'map':
        if (!isObject(value)) { sink(where, `expected a map of ${typeName(type.element)}, got ${describe(value)}`); return; }
        for (const [k, v] of Object.entries(value)) checkValue(v, type.element, join(where, k), sink);
        return;
      case 'ref': {
        const def = typeDef(type.reference);
        if (!isObject(value)) { sink(where, `expected ${def.name} (a mapping), got ${describe(value)}`); return; }
        for (const [k, v] of Object.entries(value)) {
          const prop = def.properties[k];
          if (!prop) sink(join(where, k), `unknown property '${k}' for ${def.name} (known: ${Object.keys(def.properties).sort().join(', ')})`);
          else checkValue(v, prop.type, join(where, k), sink);
        }
        for (const [k, prop] of Object.entries(def.properties)) {
          if (prop.required && value[k] === undefined) sink(where, `missing required property '${k}' of ${def.name}`);
        }
        return;
      }
      case 'union': {
        // Some schemas allow "a typed list | any JSON" for backwards compatibility (DynamoDB KeySchema).
        // Accepting any JSON would hide typos, so the JSON member only counts when no typed member has
        // the value's shape.
        const shape = (t) => (t.type === 'array' ? 'list' : t.type === 'ref' || t.type === 'map' ? 'mapping' : 'scalar');
        const valueShape = Array.isArray(value) ? 'list' : isObject(value) ? 'mapping' : 'scalar';
        const typed = type.types.filter((t) => t.type !== 'json');
        const members = typed.some((t) => shape(t) === valueShape) ? typed : type.types;
        const attempts = members.map((member) => {
          const found = [];
          checkValue(value, member, where, (w, m) => found.push([w, m]));
          return found;
        });
        if (attempts.some((found) => found.length === 0)) return;
        const best = attempts.reduce((a, b) => (b.length < a.length ? b : a));
        best.forEach(([w, m]) => sink(w, `${m} (allowed: ${typeName(type)})`));
        return;
      }
      default:
        warn(where, `no check for spec type ${type.type}`);
    }
  }

  // 5. References -----------------------------------------------------------------------------------------
  const referenceable = (name) => parameters[name] !== undefined || effectiveType.has(name) || PSEUDO_PARAMETERS.includes(name);
  const usedParameters = new Set();

  function checkRef(target, where) {
    stats.references++;
    if (typeof target !== 'string') { error(where, 'Ref takes a logical id string'); return; }
    if (parameters[target] !== undefined) usedParameters.add(target);
    const alias = /^(.+)\.(Alias|Version)$/.exec(target); // SAM: Ref: MyFunction.Alias / .Version
    if (alias && resources[alias[1]]?.Type === 'AWS::Serverless::Function') {
      if (alias[2] === 'Alias' && !samFunctionProperty(alias[1], 'AutoPublishAlias')) error(where, `${target} needs AutoPublishAlias on ${alias[1]}`);
      return;
    }
    if (!referenceable(target)) error(where, `Ref to unknown parameter or resource '${target}'`);
  }

  function checkGetAtt(id, attribute, where) {
    stats.references++;
    const type = effectiveType.get(id);
    if (!type) { error(where, `Fn::GetAtt of unknown resource '${id}'`); return; }
    if (typeof attribute !== 'string') return; // attribute given by an intrinsic: not knowable offline
    const spec = resourceSpec(type);
    if (!spec) return;
    if (type === 'AWS::CloudFormation::Stack' && attribute.startsWith('Outputs.')) return;
    if (!spec.attributes[attribute]) {
      const known = Object.keys(spec.attributes);
      error(where, `${id} (${type}) has no attribute '${attribute}' (known: ${known.length ? known.join(', ') : 'none'})`);
    }
  }

  function checkSub(args, where) {
    let text = args;
    let vars = {};
    if (Array.isArray(args)) {
      [text, vars] = args;
      if (!isObject(vars)) { error(where, 'Fn::Sub [text, variables] needs a variables mapping'); vars = {}; }
      for (const [k, v] of Object.entries(vars)) walk(v, join(join(where, 'Fn::Sub[1]'), k));
    }
    if (typeof text !== 'string') { error(where, 'Fn::Sub needs a string'); return; }
    for (const m of text.matchAll(/\$\{([^}]*)\}/g)) {
      const name = m[1].trim();
      if (name.startsWith('!')) continue; // ${!Literal}
      if (vars[name] !== undefined) continue;
      const dot = name.indexOf('.');
      if (dot > 0 && !PSEUDO_PARAMETERS.includes(name) && !referenceable(name)) checkGetAtt(name.slice(0, dot), name.slice(dot + 1), `${where} \${${name}}`);
      else checkRef(name, `${where} \${${name}}`);
    }
  }

  function checkDynamicReferences(s, where) {
    if (!s.includes('{{resolve:')) return;
    const rest = s.replace(DYNAMIC_REFERENCE, '');
    if (rest.includes('{{resolve:')) error(where, `malformed dynamic reference in ${JSON.stringify(s)} (expected {{resolve:secretsmanager|ssm|ssm-secure:...}})`);
    for (const [ref] of s.matchAll(DYNAMIC_REFERENCE)) {
      if (ref.startsWith('{{resolve:secretsmanager:')) {
        const parts = ref.slice('{{resolve:secretsmanager:'.length, -2).split(':');
        // secret-id[:SecretString[:json-key[:version-stage[:version-id]]]] (an ARN holds colons itself)
        const i = parts.indexOf('SecretString');
        if (i === -1 && parts.length > 1) error(where, `secretsmanager reference ${ref} must use SecretString`);
      }
    }
  }

  function walk(node, where) {
    if (Array.isArray(node)) { node.forEach((n, i) => walk(n, join(where, i))); return; }
    if (typeof node === 'string') { checkDynamicReferences(node, where); return; }
    if (!isObject(node)) return;
    const fn = intrinsicName(node);
    if (fn) {
      const args = node[fn];
      const at = join(where, fn);
      switch (fn) {
        case 'Ref': checkRef(args, at); return;
        case 'Fn::GetAtt': {
          const [id, attribute] = Array.isArray(args) ? args : typeof args === 'string' ? [args.slice(0, args.indexOf('.')), args.slice(args.indexOf('.') + 1)] : [];
          if (typeof id !== 'string' || !id) { error(at, 'Fn::GetAtt takes [LogicalId, Attribute] or "LogicalId.Attribute"'); return; }
          checkGetAtt(id, attribute, at);
          if (isObject(attribute)) walk(attribute, at);
          return;
        }
        case 'Fn::Sub': {
          checkSub(args, at);
          const text = Array.isArray(args) ? args[0] : args;
          if (typeof text === 'string') checkDynamicReferences(text.replace(/\$\{[^}]*\}/g, 'x'), at);
          return;
        }
        case 'Fn::If':
          if (!Array.isArray(args) || args.length !== 3) { error(at, 'Fn::If takes [Condition, ValueIfTrue, ValueIfFalse]'); return; }
          if (!conditions[args[0]]) error(at, `unknown condition '${args[0]}'`);
          walk(args[1], join(at, 1)); walk(args[2], join(at, 2));
          return;
        case 'Fn::FindInMap':
          if (!Array.isArray(args) || args.length < 3) { error(at, 'Fn::FindInMap takes [MapName, TopLevelKey, SecondLevelKey]'); return; }
          if (typeof args[0] === 'string' && !mappings[args[0]]) error(at, `unknown mapping '${args[0]}'`);
          walk(args, at);
          return;
        default:
          if (!INTRINSICS.includes(fn)) { error(at, `unknown intrinsic function ${fn}`); return; }
          walk(args, at);
          return;
      }
    }
    for (const [k, v] of Object.entries(node)) {
      if (k === 'Condition' && typeof v === 'string' && where.startsWith('Conditions')) {
        if (!conditions[v]) error(join(where, k), `unknown condition '${v}'`);
        continue;
      }
      walk(v, join(where, k));
    }
  }

  for (const section of ['Conditions', 'Globals', 'Resources', 'Outputs']) {
    if (template[section] !== undefined) walk(template[section], section);
  }
  for (const [name, output] of Object.entries(isObject(template.Outputs) ? template.Outputs : {})) {
    if (!isObject(output) || output.Value === undefined) error(`Outputs.${name}`, 'needs a Value');
  }
  for (const name of Object.keys(parameters)) {
    if (!usedParameters.has(name)) warn(`Parameters.${name}`, 'declared but never used');
  }

  // 6. Dashboards -------------------------------------------------------------------------------------------
  for (const [id, r] of Object.entries(resources)) {
    if (r?.Type !== 'AWS::CloudWatch::Dashboard') continue;
    const body = r.Properties?.DashboardBody;
    const text = typeof body === 'string' ? body : typeof body?.['Fn::Sub'] === 'string' ? body['Fn::Sub'] : undefined;
    if (text === undefined) continue;
    try {
      JSON.parse(text.replace(/\$\{[^}]*\}/g, 'x'));
    } catch (e) {
      error(`Resources.${id}.Properties.DashboardBody`, `not valid JSON after substitution: ${e.message}`);
    }
  }

  return { errors, warnings, stats };

  // Helpers that need the template --------------------------------------------------------------------------
  function samFunctionProperty(id, key) {
    const own = resources[id]?.Properties?.[key];
    return own !== undefined ? own : globals.Function?.[key];
  }

  function samGeneratedResources(id, r) {
    const out = [];
    const props = isObject(r.Properties) ? r.Properties : {};
    if (r.Type === 'AWS::Serverless::Function') {
      const merged = globals.Function ? mergeGlobals(globals.Function, props) : props;
      if (merged.Role === undefined) out.push([`${id}Role`, 'AWS::IAM::Role']);
      if (typeof merged.AutoPublishAlias === 'string') out.push([`${id}Alias${merged.AutoPublishAlias}`, 'AWS::Lambda::Alias']);
      if (merged.EventInvokeConfig !== undefined) out.push([`${id}EventInvokeConfig`, 'AWS::Lambda::EventInvokeConfig']);
      for (const [name, event] of Object.entries(isObject(merged.Events) ? merged.Events : {})) {
        if (['SQS', 'Kinesis', 'DynamoDB'].includes(event?.Type)) out.push([`${id}${name}`, 'AWS::Lambda::EventSourceMapping']);
        if (['Schedule', 'CloudWatchEvent', 'EventBridgeRule'].includes(event?.Type)) out.push([`${id}${name}`, 'AWS::Events::Rule']);
        if (['Schedule', 'CloudWatchEvent', 'EventBridgeRule', 'HttpApi', 'Api', 'SNS', 'S3'].includes(event?.Type)) out.push([`${id}${name}Permission`, 'AWS::Lambda::Permission']);
      }
    }
    if (r.Type === 'AWS::Serverless::HttpApi') out.push([`${id}ApiGatewayDefaultStage`, 'AWS::ApiGatewayV2::Stage']);
    return out;
  }
}

function allowListEntry(on, key) {
  return SAM_ALLOW_LIST.find((e) => e.on === on && e.key === key);
}

/** SAM's Globals merge: maps merge recursively (resource wins), lists concatenate, scalars and intrinsics are replaced. */
export function mergeGlobals(global, local) {
  const kind = (v) => (Array.isArray(v) ? 'list' : isObject(v) && !intrinsicName(v) ? 'map' : 'scalar');
  if (kind(global) !== kind(local) || kind(local) === 'scalar') return local;
  if (kind(local) === 'list') return [...global, ...local];
  const out = { ...global };
  for (const [k, v] of Object.entries(local)) out[k] = k in out ? mergeGlobals(out[k], v) : v;
  return out;
}

function checkParameterDefault(where, p, error) {
  const d = String(p.Default);
  if (Array.isArray(p.AllowedValues) && !p.AllowedValues.map(String).includes(d)) error(`${where}.Default`, `${JSON.stringify(p.Default)} is not in AllowedValues`);
  // CloudFormation matches AllowedPattern against the whole value (an implicit ^...$).
  if (p.AllowedPattern !== undefined && !new RegExp(`^(?:${p.AllowedPattern})$`).test(d)) {
    error(`${where}.Default`, `${JSON.stringify(p.Default)} does not match AllowedPattern ${p.AllowedPattern}`);
  }
  if (p.Type === 'Number') {
    const n = Number(p.Default);
    if (Number.isNaN(n)) error(`${where}.Default`, 'is not a number');
    if (p.MinValue !== undefined && n < p.MinValue) error(`${where}.Default`, `is below MinValue ${p.MinValue}`);
    if (p.MaxValue !== undefined && n > p.MaxValue) error(`${where}.Default`, `is above MaxValue ${p.MaxValue}`);
  }
}

/** Reports scalars that YAML 1.1 parsers (SnakeYAML 1.x, PyYAML) read differently from YAML 1.2. */
function compareYaml11(core, yaml11, where, error) {
  if (Array.isArray(core)) {
    core.forEach((v, i) => compareYaml11(v, Array.isArray(yaml11) ? yaml11[i] : undefined, join(where, i), error));
    return;
  }
  if (isObject(core)) {
    for (const [k, v] of Object.entries(core)) compareYaml11(v, isObject(yaml11) ? yaml11[k] : undefined, join(where, k), error);
    return;
  }
  const same = core === yaml11 || (Number.isNaN(core) && Number.isNaN(yaml11));
  if (!same) error(where || 'YAML', `${JSON.stringify(core)} reads as ${yaml11 instanceof Date ? 'a date' : JSON.stringify(yaml11)} in YAML 1.1 parsers; quote it`);
}

function describe(v) {
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  if (isObject(v)) return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}

// CLI ---------------------------------------------------------------------------------------------------------
function main(argv) {
  const file = argv[0];
  if (!file || argv.length > 1) {
    console.error('usage: node validate.mjs <template.yaml>');
    return 2;
  }
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    console.error(`validate: cannot read ${file}: ${e.message}`);
    return 2;
  }
  const { errors, warnings, stats } = validateTemplate(text, file);
  warnings.forEach((w) => console.warn(`warning: ${w}`));
  if (errors.length) {
    errors.forEach((e) => console.error(`error: ${e}`));
    console.error(`validate: ${file} is INVALID: ${errors.length} error(s)`);
    return 1;
  }
  const allowed = [...stats.allowListed].sort();
  console.log(`validate: ${file} OK: ${stats.resources} resources (${stats.samResources} SAM), ${stats.references} references resolved`
    + (allowed.length ? `; SAM spec allow-list used: ${allowed.join(', ')}` : ''));
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
