import { Inject, Module, type DynamicModule, type Type } from '@nestjs/common';
import { getRepositoryToken, TypeOrmModule } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { OwnedRepository, type OwnedEntity } from './owned.repository.js';

const ownedRepositoryToken = (entity: Type<OwnedEntity>): string =>
  `OwnedRepository<${entity.name}>`;

/** Injects the {@link OwnedRepository} that {@link OwnershipModule.forResource} registered. */
export const InjectOwnedRepository = (entity: Type<OwnedEntity>): ParameterDecorator =>
  Inject(ownedRepositoryToken(entity));

@Module({})
export class OwnershipModule {
  /**
   * Registers `entity` as the rows of `resource` (the name its routes give @OwnerScoped) and
   * provides their {@link OwnedRepository}: the only data access an owner-scoped resource gets.
   */
  static forResource(resource: string, entity: Type<OwnedEntity>): DynamicModule {
    const token = ownedRepositoryToken(entity);
    return {
      module: OwnershipModule,
      imports: [TypeOrmModule.forFeature([entity])],
      providers: [
        {
          provide: token,
          inject: [getRepositoryToken(entity)],
          useFactory: (rows: Repository<OwnedEntity>) => new OwnedRepository(resource, rows),
        },
      ],
      exports: [token],
    };
  }
}
