import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { K8sObject } from './kustomize';

/** An object the schemas refused, and why. */
export interface SchemaProblem {
  /** `<kind>/<name>`. */
  object: string;
  error: string;
}

/**
 * Checks objects against the Kubernetes API schemas (and KEDA's for ScaledObject) with
 * kubernetes-models. Those packages are ES modules only, which jest's CommonJS runtime cannot
 * load, so the check runs in a child Node process (validate-objects.mjs). Resolves with the
 * problems found, none when every object is valid.
 */
export function validateObjects(objects: K8sObject[]): Promise<SchemaProblem[]> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [join(__dirname, 'validate-objects.mjs')], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`validate-objects.mjs failed: ${stderr || error.message}`));
      resolve(JSON.parse(stdout) as SchemaProblem[]);
    });
    child.stdin!.end(JSON.stringify(objects));
  });
}
