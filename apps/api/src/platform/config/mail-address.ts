import addressparser from 'nodemailer/lib/addressparser';

export interface Mailbox {
  readonly name: string;
  readonly address: string;
}

// CR and LF would end the header they sit in; no other control character belongs in a header either.
const CONTROL_CHARACTERS = /\p{Cc}/u;

/** One mailbox (`a@example.com` or `Name <a@example.com>`), or undefined: never a group or a list. */
export function parseMailbox(value: string): Mailbox | undefined {
  if (hasControlCharacters(value)) {
    return undefined;
  }
  const parsed = addressparser(value);
  const [first] = parsed;
  if (parsed.length !== 1 || first?.address === undefined) {
    return undefined;
  }
  const at = first.address.lastIndexOf('@');
  return at > 0 && at < first.address.length - 1 && !/\s/.test(first.address)
    ? { name: first.name, address: first.address }
    : undefined;
}

/** The part after the last `@`: all of an address that a log line may carry. */
export function mailDomain(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

export function hasControlCharacters(value: string): boolean {
  return CONTROL_CHARACTERS.test(value);
}
