/** A CLI command: its name, a one-line summary for --help, its usage text, and what it does. */
export interface CliCommand {
  name: string;
  summary: string;
  usage(): string;
  run(argv: string[]): Promise<void>;
}
