import { ConnectErrorCode, type ConnectOriginList, type PublishedVersion, type WidgetManifest } from '@switchboard/contracts';
import { badRequest, type Caller } from '@switchboard/service-kit';
import type { FastifyInstance } from 'fastify';
import type { WidgetVersionRecord } from '../entities';
import { adminRequired, versionNotFound, widgetNotFound } from '../errors';
import type { RegistrySettings } from '../settings';
import { toPublishedVersion } from './published-version';

/**
 * The manifest as a page gets it: `connect` narrowed to the origins an admin approved, so the
 * sandbox's `connect-src` lists no origin that was only declared.
 */
export function pageManifest(record: Pick<WidgetVersionRecord, 'manifest' | 'approvedConnect'>): WidgetManifest {
  const { connect: declared, ...manifest } = record.manifest;
  const approved = (declared ?? []).filter((origin) => (record.approvedConnect ?? []).includes(origin));
  return approved.length ? { ...manifest, connect: approved } : manifest;
}

/** Approved `connect` origins: an admin approves them per version, the gateway reads those of live versions. */
export function createConnectApproval(app: FastifyInstance, settings: RegistrySettings) {
  const sql = <T>(query: string, params: unknown[] = []) => app.orm.em.execute<T[]>(query, params, 'all');
  return {
    /** Replaces the approved origins of name@version; each must be one its manifest declares. */
    async approve(caller: Caller, name: string, version: string, origins: string[]): Promise<PublishedVersion> {
      if (!caller.isAdmin) throw adminRequired();
      const record = await app.versionsRepository.get(name, version);
      if (!record) throw (await app.versionsRepository.publishedNames([name])).has(name) ? versionNotFound(name, version) : widgetNotFound(name);
      const declared = record.manifest.connect ?? [];
      const undeclared = origins.filter((origin) => !declared.includes(origin));
      if (undeclared.length) {
        throw badRequest(ConnectErrorCode.connectNotDeclared, `${name}@${version} does not declare ${undeclared.join(', ')} in connect`, {
          declared,
          undeclared,
        });
      }
      await sql(
        `update registry.widget_version set approved_connect = ?::jsonb, connect_approved_by = ?, connect_approved_at = now()
         where name = ? and version = ? returning name`,
        [JSON.stringify(origins), caller.sub, name, version],
      );
      const updated = await app.versionsRepository.get(name, version);
      return toPublishedVersion(updated ?? record, settings.assetBaseUrl);
    },

    /** The approved origins of every version an environment serves (active or canary): sorted, each once, and per widget. */
    async live(environment = settings.environment): Promise<ConnectOriginList> {
      const rows = await sql<{ name: string; origin: string }>(
        `select distinct v.name, jsonb_array_elements_text(v.approved_connect) as origin
         from registry.widget_version v
         join registry.widget_release r on r.name = v.name and r.environment = ?
         where v.version = r.active_version or v.version = r.canary->>'version'
         order by v.name, origin`,
        [environment],
      );
      const widgets = new Map<string, string[]>();
      for (const row of rows) widgets.set(row.name, [...(widgets.get(row.name) ?? []), row.origin]);
      return {
        origins: [...new Set(rows.map((row) => row.origin))].sort(),
        widgets: [...widgets].map(([name, origins]) => ({ name, origins })),
      };
    },
  };
}
