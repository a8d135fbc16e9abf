import { LayoutEntity } from './layout.entity';
import { WidgetFileEntity } from './widget-file.entity';
import { WidgetReleaseEntity } from './widget-release.entity';
import { WidgetVersionEntity } from './widget-version.entity';

export { LayoutEntity, type LayoutRecord } from './layout.entity';
export { WidgetFileEntity, type WidgetFileRecord } from './widget-file.entity';
export { WidgetReleaseEntity, type WidgetReleaseRecord } from './widget-release.entity';
export { WidgetVersionEntity, type WidgetVersionRecord } from './widget-version.entity';

/** Every entity of the registry schema, for the ORM options. */
export const registryEntities = [WidgetVersionEntity, WidgetFileEntity, WidgetReleaseEntity, LayoutEntity];
