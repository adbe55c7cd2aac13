/** Entry point of the `cairn` command. Returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  process.stdout.write(`cairn: ${argv.join(' ')}\n`);
  return 0;
}
