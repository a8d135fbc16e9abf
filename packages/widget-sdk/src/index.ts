export { ApiError, ServiceClient, type CallInput, type ServiceClientOptions } from './api-client';
export { backendFetch, type BackendFetch } from './backend-fetch';
export { errorMessage } from './errors';
export { HostController } from './host-controller';
export {
  createTranslator,
  defineCatalog,
  formatDateTime,
  LOCALES,
  type Catalog,
  type CatalogKey,
  type Messages,
  type Translate,
} from './i18n';
export { createMemoryHost, type EmittedEvent, type MemoryHost, type MemoryHostOptions } from './memory-host';
export { createWidgetParcel, type WidgetElement, type WidgetParcel } from './parcel';
export { commonStyles, widgetStyles } from './styles';
export { theme, themeDeclarations, themeProperty, themeTokens, type ThemeToken, type ThemeTokenName } from './theme';
