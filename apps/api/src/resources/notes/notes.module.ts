import { Module } from '@nestjs/common';
import { OwnershipModule } from '../../access/ownership/ownership.module.js';
import { Note } from './note.entity.js';
import { NotesController } from './notes.controller.js';
import { NotesService } from './notes.service.js';

@Module({
  imports: [OwnershipModule.forResource('note', Note)],
  controllers: [NotesController],
  providers: [NotesService],
})
export class NotesModule {
  static readonly entities = [Note];
}
