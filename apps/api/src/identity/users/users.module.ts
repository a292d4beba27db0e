import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UserRole } from './user-role.entity.js';
import { User } from './user.entity.js';
import { UsersRepository } from './users.repository.js';

/** Users and their roles: the rows every identity capability builds on. */
@Module({
  imports: [TypeOrmModule.forFeature([User, UserRole])],
  providers: [UsersRepository],
  exports: [UsersRepository],
})
export class UsersModule {}
