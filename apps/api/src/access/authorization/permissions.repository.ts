import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** What a user's roles grant, read from `user_roles` and `role_permissions`. */
@Injectable()
export class PermissionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async grantedTo(userId: string): Promise<ReadonlySet<string>> {
    const rows: { permission: string }[] = await this.dataSource.query(
      `SELECT DISTINCT rp.permission
         FROM user_roles ur JOIN role_permissions rp ON rp.role = ur.role
        WHERE ur.user_id = $1`,
      [userId],
    );
    return new Set(rows.map((row) => row.permission));
  }
}
