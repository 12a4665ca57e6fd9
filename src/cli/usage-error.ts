/** Bad usage: the CLI exits with code 2 and prints the message (DESIGN §5). */
export class UsageError extends Error {}
