// One exit-code policy for user commands: 0 ok, 1 failure, 2 usage error.
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}
