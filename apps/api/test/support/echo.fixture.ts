import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsString, MaxLength, Min, ValidateNested } from 'class-validator';
import { Public } from '../../src/platform/route-access/public.decorator.js';

class EchoAddressDto {
  @IsString()
  @MaxLength(20)
  city: string;
}

class EchoDto {
  @IsString()
  @MaxLength(50)
  name: string;

  @IsInt()
  @Min(0)
  count: number;

  @ValidateNested()
  @Type(() => EchoAddressDto)
  address: EchoAddressDto;
}

export const INTERNAL_FAILURE_MESSAGE =
  'SELECT password_hash FROM users WHERE id = 7 failed at /srv/bulwark/node_modules/typeorm/index.js';

/** Routes that exist only in tests, to drive the global pipe and filter with real requests. */
@Public()
@Controller('test-fixture')
class EchoController {
  @Post('echo')
  echo(@Body() body: EchoDto): EchoDto {
    return body;
  }

  @Get('crash')
  crash(): never {
    throw new Error(INTERNAL_FAILURE_MESSAGE);
  }
}

@Module({ controllers: [EchoController] })
export class EchoFixtureModule {}
