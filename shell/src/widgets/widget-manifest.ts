import { HOST_CONTRACT_VERSION, isContractCompatible, type WidgetManifest, WidgetManifestSchema } from '@switchboard/contracts';
import { Value } from '@sinclair/typebox/value';
import { WidgetLoadError } from './widget-load-error';

/**
 * Checks a fetched `widget.json`: the schema of shared-contracts, the name the layout asked for,
 * and a host-contract major this shell implements. Throws a WidgetLoadError saying which failed.
 */
export function validateManifest(value: unknown, expectedName: string, hostContract = HOST_CONTRACT_VERSION): WidgetManifest {
  if (!Value.Check(WidgetManifestSchema, value)) {
    const first = Value.Errors(WidgetManifestSchema, value).First();
    const detail = first ? `${first.path || '/'}: ${first.message}` : 'not a widget manifest';
    throw new WidgetLoadError('manifest-invalid', `Invalid widget manifest (${detail})`, { detail });
  }
  if (value.name !== expectedName) {
    const detail = `it is named "${value.name}", the layout expects "${expectedName}"`;
    throw new WidgetLoadError('manifest-invalid', `Invalid widget manifest (${detail})`, { detail });
  }
  if (!isContractCompatible(value.hostContract, hostContract)) {
    throw new WidgetLoadError(
      'contract',
      `Widget built for host contract ${value.hostContract}, the shell implements ${hostContract}`,
      { widget: value.hostContract, host: hostContract },
      value,
    );
  }
  return value;
}

/** The id to pass to `loadRemote` for a manifest, e.g. `switchboard_tickets/widget`. */
export function remoteModuleId(manifest: WidgetManifest): string {
  return `${manifest.federationName}/${manifest.exposedModule.replace(/^\.\//, '')}`;
}
