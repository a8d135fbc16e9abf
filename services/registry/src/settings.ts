/** What the registry's plugins are told when they are registered (server.ts reads it from the environment). */
export interface RegistrySettings {
  /** Environment used when a request names none. */
  environment: string;
  /** Public URL under which browsers fetch `/assets/...`, without a trailing slash. */
  assetBaseUrl: string;
}
