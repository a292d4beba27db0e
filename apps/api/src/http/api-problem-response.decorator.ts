import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ProblemDetailsDto } from './problem-details.dto.js';

/** Documents an error response as the application/problem+json body the filter sends. */
export function ApiProblemResponse(
  status: number,
  description: string,
): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDetailsDto),
    ApiResponse({
      status,
      description,
      content: {
        'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetailsDto) } },
      },
    }),
  );
}
