// Domain errors of the read store. They speak no HTTP: the HTTP layer maps them to its JSON error
// shape (server/errors.ts), the CLI to exit codes.

/** What was not found: an area code, a release label, any release at all, or a release before the one to compare. */
export type NotFoundKind = 'unknown_area' | 'unknown_release' | 'no_release' | 'no_previous_release';

/** A requested thing the database does not hold; `parameter` names the request field that asked for it. */
export class NotFound extends Error {
  constructor(
    readonly kind: NotFoundKind,
    message: string,
    readonly parameter?: string,
  ) {
    super(message);
    this.name = 'NotFound';
  }
}

/** A page cursor that does not point into the query it came with (forged, or its release was replaced). */
export class InvalidCursor extends Error {
  readonly parameter = 'cursor';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidCursor';
  }
}
