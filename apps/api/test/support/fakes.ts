import type { EntityManager } from 'typeorm';
import type { AuditEventRow } from '../../src/security/audit/audit-chain.js';
import type { AuditEventInput, AuditService } from '../../src/security/audit/audit.service.js';

/**
 * A collaborator of a unit under test with only the members that test needs: any other member is
 * missing, so a call the test did not expect fails loudly instead of doing something plausible.
 */
export function fake<T>(members: Partial<T>): T {
  return members as T;
}

/** Stands for a transaction's EntityManager: fakes only pass it along, never query through it. */
export const FAKE_MANAGER = fake<EntityManager>({});

/** Runs `work` as a repository's transaction would, with {@link FAKE_MANAGER}. */
export function inFakeTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
  return work(FAKE_MANAGER);
}

/** An AuditService that remembers what it was asked to record. */
export function recordingAudit(): AuditService & { readonly recorded: AuditEventInput[] } {
  const recorded: AuditEventInput[] = [];
  return Object.assign(
    fake<AuditService>({
      record: (input: AuditEventInput) => {
        recorded.push(input);
        return Promise.resolve(fake<AuditEventRow>({}));
      },
    }),
    { recorded },
  );
}
