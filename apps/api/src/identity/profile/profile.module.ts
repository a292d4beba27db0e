import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module.js';
import { UsersController } from './users.controller.js';
import { ProfileService } from './profile.service.js';

/** The caller's own profile: GET and PATCH /users/me (UsersController keeps the operation ids of the contract). */
@Module({
  imports: [UsersModule],
  controllers: [UsersController],
  providers: [ProfileService],
})
export class ProfileModule {}
