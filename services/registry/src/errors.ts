import { CommonErrorCode, RegistryErrorCode } from '@switchboard/contracts';
import { AppError, badRequest, conflict, forbidden, notFound } from '@switchboard/service-kit';

/** 404: no version of this widget was ever published. */
export const widgetNotFound = (name: string) => notFound(RegistryErrorCode.widgetNotFound, `No widget ${name}`);

/** 404: this version of the widget was never published. */
export const versionNotFound = (name: string, version: string) =>
  notFound(RegistryErrorCode.versionNotFound, `No version ${version} of widget ${name}`);

/** 409: a published version is immutable. */
export const versionExists = (name: string, version: string) =>
  conflict(RegistryErrorCode.versionExists, `${name}@${version} is already published; publish a new version instead`);

/** 400: the uploaded or fetched files are not a valid widget build. */
export const invalidBuild = (message: string, details?: unknown) =>
  badRequest(RegistryErrorCode.invalidBuild, message, details);

/** 403: registering by URL may fetch only from the origins the operator allowed (REGISTRY_FETCH_ORIGINS). */
export const fetchOriginNotAllowed = (origin: string) =>
  forbidden(`The registry may not fetch from ${origin}; allowed origins are set by REGISTRY_FETCH_ORIGINS`, RegistryErrorCode.fetchOriginNotAllowed);

/** 413: the upload has too many files or too many bytes. */
export const buildTooLarge = (message: string) => new AppError(413, CommonErrorCode.payloadTooLarge, message);

/** 409: rollback with no earlier active version. */
export const noPreviousVersion = (name: string, environment: string) =>
  conflict(RegistryErrorCode.noPreviousVersion, `Widget ${name} has no earlier active version in ${environment}`);

/** 400: Email and Tickets must stay on the email detail page, visible. */
export const mandatoryWidget = (widget: string) =>
  badRequest(RegistryErrorCode.mandatoryWidget, `Widget ${widget} is mandatory: it can be neither removed nor hidden`);

/** 400: a layout names one widget twice. */
export const duplicateWidget = (widget: string) =>
  badRequest(RegistryErrorCode.duplicateWidget, `Widget ${widget} appears more than once`);

/** 400: a layout names a widget the registry never published. */
export const unknownWidget = (widget: string) => badRequest(RegistryErrorCode.unknownWidget, `No widget ${widget} was ever published`);

/** 400: a layout pins a version that was never published. */
export const unknownPinnedVersion = (widget: string, version: string) =>
  badRequest(RegistryErrorCode.versionNotFound, `Widget ${widget} has no version ${version} to pin`);

/** 409: the layout changed since the caller read it; `details.current` is the composition now. */
export const layoutVersionConflict = (current: unknown) =>
  conflict(RegistryErrorCode.layoutVersionConflict, 'The layout was changed meanwhile; start again from the current one', {
    current,
  });

/** 403: only a user (not a service token) has a layout of their own. */
export const userRequired = () => forbidden('Only a user has a layout of their own');

/** 403: publishing, releases and team or default layouts are for administrators. */
export const adminRequired = () => forbidden('Requires role admin');

/** 415: a publish is neither an upload nor a JSON registration. */
export const unsupportedMediaType = () =>
  new AppError(415, CommonErrorCode.unsupportedMediaType, 'Send the build files as multipart/form-data, or { manifestUrl } as JSON');

/** 400: a JSON registration without its body. */
export const manifestUrlRequired = () => badRequest(CommonErrorCode.validation, 'Send { manifestUrl } as JSON');

/** 404: no stored file at this path of the version. */
export const assetNotFound = (path: string) => notFound(CommonErrorCode.notFound, `No asset ${path}`);

/** 404: no such SDK tarball, or this platform serves none (SDK_PACKAGES_DIR unset). */
export const sdkPackageNotFound = (file: string) => notFound(CommonErrorCode.notFound, `No SDK package ${file} on this platform`);
