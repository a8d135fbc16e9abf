export { ApiError, ServiceClient, type CallInput, type ServiceClientOptions } from './api-client';
export { HostController } from './host-controller';
export { createTranslator, formatDateTime, LOCALES, type Catalog, type Messages, type Translate } from './i18n';
export { createMemoryHost, type EmittedEvent, type MemoryHost, type MemoryHostOptions } from './memory-host';
export { createWidgetParcel, type WidgetElement, type WidgetParcel } from './parcel';
export { widgetStyles } from './styles';
