// Validates Kubernetes objects against the API's schemas (kubernetes-models, and the KEDA models
// for keda.sh), and refuses fields the API does not know (a misspelt `livenesProbe` passes a
// schema that allows extra properties, and the API server's strict field validation refuses it:
// the field lists are @kubernetes/client-node's models). Reads a JSON array of objects on stdin
// and prints a JSON array of `{ object: "<kind>/<name>", error }`, empty when all are valid.
// A separate ESM process because these packages ship only ES modules, which jest's CommonJS
// runtime cannot load (see infra/src/k8s/validate.ts).

/** Where each API group's models are: the core API and the built-in groups, then the CRDs used. */
function modelsOf(apiVersion) {
  if (apiVersion.startsWith('keda.sh/')) return `@kubernetes-models/keda/${apiVersion}`;
  return `kubernetes-models/${apiVersion}`;
}

import { Buffer } from 'node:buffer';
// Only the generated models: the package's entry also loads its HTTP client, which needs Node 22.
import * as client from '@kubernetes/client-node/dist/gen/models/all.js';

/** A model's fields by their name in YAML, or null when `type` is no model (string, map, ...). */
function fieldsOf(type) {
  const model = client[type];
  return typeof model?.getAttributeTypeMap === 'function' ? new Map(model.getAttributeTypeMap().map((a) => [a.baseName, a.type])) : null;
}

/** The client's model of a built-in kind: `apps/v1` Deployment is V1Deployment; null for CRDs. */
function modelOf(apiVersion, kind) {
  const version = apiVersion.split('/').pop();
  const type = `${version[0].toUpperCase()}${version.slice(1)}${kind}`;
  return fieldsOf(type) ? type : null;
}

/** Paths of fields in `value` that its model `type` does not have. */
function unknownFields(value, type, path) {
  const array = /^Array<(.+)>$/.exec(type);
  if (array) return Array.isArray(value) ? value.flatMap((item, i) => unknownFields(item, array[1], `${path}/${i}`)) : [];
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) return value && typeof value === 'object' ? Object.entries(value).flatMap(([k, v]) => unknownFields(v, map[1], `${path}/${k}`)) : [];
  const fields = fieldsOf(type);
  if (!fields || !value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) =>
    fields.has(key) ? unknownFields(v, fields.get(key), `${path}/${key}`) : [`${path}/${key}`],
  );
}

/** What is wrong with one object: its unknown fields, then what the schema refuses; null when nothing. */
async function validate(object) {
  const problems = [];
  const model = modelOf(String(object.apiVersion), String(object.kind));
  const unknown = model ? unknownFields(object, model, '') : [];
  if (unknown.length) problems.push(`unknown field ${unknown.join(', ')}`);
  let models;
  try {
    models = await import(modelsOf(String(object.apiVersion)));
  } catch {
    return `no schema for apiVersion ${object.apiVersion}`;
  }
  const Model = models[object.kind];
  if (typeof Model !== 'function') return `no schema for ${object.apiVersion} ${object.kind}`;
  try {
    new Model(object).validate();
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  return problems.length ? problems.join('; ') : null;
}

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const objects = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const problems = [];
for (const object of objects) {
  const error = await validate(object);
  if (error) problems.push({ object: `${object.kind}/${object.metadata?.name}`, error });
}
process.stdout.write(JSON.stringify(problems));
