import { Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { User } from './user.entity.js';

/** The roles of the API contract; the `roles` table holds the same names (seeded by migration). */
export const ROLES = ['user', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

@Entity('user_roles')
export class UserRole {
  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @PrimaryColumn({ type: 'text' })
  role: Role;

  @ManyToOne('User', (user: User) => user.roles, { onDelete: 'CASCADE' })
  @JoinColumn()
  user?: User;
}
