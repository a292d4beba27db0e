import { DisplayNameField } from './display-name.field.js';

/** The only writable field; roles, e-mail and flags sent here are refused as unknown (400). */
export class UpdateProfileDto {
  /** null clears it. */
  @DisplayNameField()
  displayName?: string | null;
}
