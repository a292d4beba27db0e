import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import {
  encryptedColumnsOf,
  type EncryptedColumnInfo,
} from '../field-encryption/encrypted-columns.js';
import { FieldEncryptionService } from '../field-encryption/field-encryption.service.js';
import { User } from './user.entity.js';

@Injectable()
export class UsersRepository {
  private readonly emailColumn: EncryptedColumnInfo;

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly encryption: FieldEncryptionService,
  ) {
    const emailColumn = encryptedColumnsOf(users.metadata).find(
      (column) => column.property === 'email',
    );
    if (emailColumn === undefined) {
      throw new Error('User.email must be an encrypted column');
    }
    this.emailColumn = emailColumn;
  }

  /** Exact, normalised e-mail match through the blind index, under every key during a rotation. */
  findByEmail(email: string): Promise<User | null> {
    const candidates = this.encryption.blindIndexCandidates(this.emailColumn, email);
    return this.users.findOne({ where: { emailBlindIndex: In(candidates) } });
  }

  findById(id: string): Promise<User | null> {
    return this.users.findOne({ where: { id } });
  }

  create(email: string): Promise<User> {
    return this.users.save(this.users.create({ email }));
  }
}
