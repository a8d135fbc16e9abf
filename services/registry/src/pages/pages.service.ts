import { MANDATORY_WIDGETS, type LayoutItem, type LayoutPage, type PageComposition } from '@switchboard/contracts';
import type { Caller } from '../caller';
import { duplicateWidget, layoutVersionConflict, mandatoryWidget, unknownPinnedVersion, unknownWidget, userRequired } from '../errors';
import type { ReleasesRepository } from '../widgets/releases.repository';
import type { VersionsRepository } from '../widgets/versions.repository';
import { compose, type ChosenLayout, versionsToLoad } from './compose';
import type { LayoutOwner, LayoutsRepository } from './layouts.repository';

/** Page compositions and layout edits. */
export interface PagesService {
  /**
   * The page as `owner`'s row would show it to the caller: that row, else the rows it falls back
   * to (a user's: their teams' in token order, then the default; a team's: the default).
   */
  composition(caller: Caller, page: LayoutPage, owner: LayoutOwner): Promise<PageComposition>;
  /**
   * Replaces `owner`'s layout when `expectedVersion` is still its version: refuses missing or
   * hidden mandatory widgets, duplicates, unknown widgets and pins; a stale version is 409 with
   * the current composition. Answers the new composition.
   */
  save(caller: Caller, page: LayoutPage, owner: LayoutOwner, items: LayoutItem[], expectedVersion: number): Promise<PageComposition>;
  /** Deletes `owner`'s row, so it falls back again; answers the composition. */
  reset(caller: Caller, page: LayoutPage, owner: LayoutOwner): Promise<PageComposition>;
}

/** What the pages service needs. */
export interface PagesDeps {
  layouts: LayoutsRepository;
  releases: ReleasesRepository;
  versions: VersionsRepository;
  environment: string;
  assetBaseUrl: string;
}

/** The caller's own row; a service token has none. */
export function ownLayout(caller: Caller): LayoutOwner {
  if (!caller.userId) throw userRequired();
  return { kind: 'user', userId: caller.userId };
}

/** The owner's row followed by the rows it falls back to, in order. */
function fallbackChain(caller: Caller, owner: LayoutOwner): LayoutOwner[] {
  const teams = owner.kind === 'user' ? caller.teams.map((teamId): LayoutOwner => ({ kind: 'team', teamId })) : [];
  return owner.kind === 'default' ? [owner] : [owner, ...teams, { kind: 'default' }];
}

/** Creates the service over the repositories. */
export function createPagesService(deps: PagesDeps): PagesService {
  const composition = async (caller: Caller, page: LayoutPage, owner: LayoutOwner) => {
    // The chain holds one row of the owner's kind: the edited one. The first row found is used.
    const [used] = await deps.layouts.find(page, fallbackChain(caller, owner));
    const layout: ChosenLayout = {
      source: used?.owner.kind ?? 'default',
      items: used?.items ?? [],
      editedVersion: used?.owner.kind === owner.kind ? used.version : 0,
    };
    const releases = new Map((await deps.releases.all(deps.environment)).map((r) => [r.name, r]));
    const versions = await deps.versions.findMany(versionsToLoad(layout.items, releases));
    return compose({ page, environment: deps.environment, caller, layout, releases, versions, assetBaseUrl: deps.assetBaseUrl });
  };

  const validate = async (page: LayoutPage, items: LayoutItem[]) => {
    const seen = new Set<string>();
    for (const item of items) {
      if (seen.has(item.widget)) throw duplicateWidget(item.widget);
      seen.add(item.widget);
    }
    if (page === 'email-detail') {
      for (const widget of MANDATORY_WIDGETS) {
        const item = items.find((i) => i.widget === widget);
        if (!item || item.hidden) throw mandatoryWidget(widget);
      }
    }
    const published = await deps.versions.publishedNames([...seen]);
    const unknown = items.find((item) => !published.has(item.widget));
    if (unknown) throw unknownWidget(unknown.widget);
    const pins = items.flatMap((item) => (item.version ? [{ name: item.widget, version: item.version }] : []));
    const found = new Set((await deps.versions.findMany(pins)).map((v) => `${v.name}@${v.version}`));
    const missing = pins.find((pin) => !found.has(`${pin.name}@${pin.version}`));
    if (missing) throw unknownPinnedVersion(missing.name, missing.version);
  };

  return {
    composition,

    async save(caller, page, owner, items, expectedVersion) {
      await validate(page, items);
      const saved = await deps.layouts.save(page, owner, items, expectedVersion);
      if (saved === null) throw layoutVersionConflict(await composition(caller, page, owner));
      return composition(caller, page, owner);
    },

    async reset(caller, page, owner) {
      await deps.layouts.remove(page, owner);
      return composition(caller, page, owner);
    },
  };
}
