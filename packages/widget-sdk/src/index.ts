export { ApiError, ServiceClient, type RequestOptions } from './api-client';
export { HostController } from './host-controller';
export { createTranslator, formatDateTime, LOCALES, type Catalog, type Messages, type Translate } from './i18n';
export { createWidgetParcel, type WidgetElement, type WidgetParcel } from './parcel';
