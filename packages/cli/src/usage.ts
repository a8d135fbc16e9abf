import { DEFAULT_URL } from './args';

/** The help text of `switchboard --help`. */
export const USAGE = `Usage: switchboard widget <command> [options]

Commands:
  publish <dist-dir>                  upload every file of a built widget (name and version from dist/widget.json)
  publish [<dist-dir>] --manifest-url <url>
                                      register a build served elsewhere by the URL of its widget.json
  activate <name>@<version> [--approve-connect]
                                      make a published version the one agents get where the widget is placed;
                                      one that calls origins besides the platform (connect) needs --approve-connect
  rollback <name>                     return to the previously active version
  canary <name>@<version> [--percent N] [--teams id,id]
                                      show a candidate to N % of agents and/or whole teams
  canary <name> --off                 end the canary
  place <name> --team <name or id> | --default [--after <widget>]
                                      show a widget on a team's email page layout, or on the default one
                                      (after the last visible widget, or right after <widget>);
                                      a team by name needs a login (SWITCHBOARD_EMAIL), not a token
  unplace <name> --team <name or id> | --default
                                      take it off that layout again
  list [--json]                       widgets with active and canary versions and load failures
  new <name> [--dir <path>] [--packages-from <gateway url>]
                                      scaffold a widget package (default ./<name>); with --packages-from,
                                      @switchboard/* install from the tarballs that platform serves

Options:
  --url <url>      gateway base URL (env SWITCHBOARD_URL, default ${DEFAULT_URL})
  --env <name>     deployment environment (default: the registry's)
  --token <token>  a token of audience "registry" (env SWITCHBOARD_TOKEN)
  -h, --help       this text

Without a token the CLI logs in with SWITCHBOARD_EMAIL and SWITCHBOARD_PASSWORD and asks
identity for a registry token. Exit codes: 0 done, 1 failed, 2 wrong usage.
`;
