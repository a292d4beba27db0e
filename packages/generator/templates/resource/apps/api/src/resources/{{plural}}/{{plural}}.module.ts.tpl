import { Module } from '@nestjs/common';
import { OwnershipModule } from '../../access/ownership/ownership.module.js';
import { {{Singular}} } from './{{singular}}.entity.js';
import { {{Plural}}Controller } from './{{plural}}.controller.js';
import { {{Plural}}Service } from './{{plural}}.service.js';

@Module({
  imports: [OwnershipModule.forResource('{{singular}}', {{Singular}})],
  controllers: [{{Plural}}Controller],
  providers: [{{Plural}}Service],
})
export class {{Plural}}Module {
  static readonly entities = [{{Singular}}];
}
