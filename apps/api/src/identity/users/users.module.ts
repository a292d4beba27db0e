import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MfaModule } from '../mfa/mfa.module.js';
import { ProfileService } from './profile.service.js';
import { UserRole } from './user-role.entity.js';
import { User } from './user.entity.js';
import { UsersController } from './users.controller.js';
import { UsersRepository } from './users.repository.js';

@Module({
  imports: [TypeOrmModule.forFeature([User, UserRole]), MfaModule],
  controllers: [UsersController],
  providers: [UsersRepository, ProfileService],
  exports: [UsersRepository],
})
export class UsersModule {}
