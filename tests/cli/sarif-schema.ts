/**
 * The part of the OASIS SARIF 2.1.0 schema (sarif-schema-2.1.0.json) that unetc's output uses,
 * transcribed with its required properties, enums and minimums, for validating with ajv offline.
 */
const region = {
  type: 'object',
  properties: {
    startLine: { type: 'integer', minimum: 1 },
    startColumn: { type: 'integer', minimum: 1 },
    endLine: { type: 'integer', minimum: 1 },
    endColumn: { type: 'integer', minimum: 1 },
  },
  additionalProperties: false,
};
const message = {
  type: 'object',
  properties: { text: { type: 'string' } },
  required: ['text'],
};
const artifactLocation = {
  type: 'object',
  properties: { uri: { type: 'string', format: 'uri-reference' }, uriBaseId: { type: 'string' } },
  additionalProperties: false,
};
const physicalLocation = {
  type: 'object',
  properties: { artifactLocation, region },
  additionalProperties: false,
};
const level = { enum: ['none', 'note', 'warning', 'error'] };

export const sarifSubsetSchema = {
  type: 'object',
  required: ['version', 'runs'],
  properties: {
    $schema: { type: 'string', format: 'uri' },
    version: { enum: ['2.1.0'] },
    runs: {
      type: 'array',
      items: {
        type: 'object',
        required: ['tool'],
        properties: {
          tool: {
            type: 'object',
            required: ['driver'],
            properties: {
              driver: {
                type: 'object',
                required: ['name'],
                properties: {
                  name: { type: 'string' },
                  version: { type: 'string' },
                  informationUri: { type: 'string', format: 'uri' },
                  rules: {
                    type: 'array',
                    uniqueItems: true,
                    items: {
                      type: 'object',
                      required: ['id'],
                      properties: {
                        id: { type: 'string' },
                        name: { type: 'string' },
                        shortDescription: message,
                        fullDescription: message,
                        help: message,
                        defaultConfiguration: {
                          type: 'object',
                          properties: { level },
                          additionalProperties: false,
                        },
                      },
                      additionalProperties: false,
                    },
                  },
                },
              },
            },
          },
          invocations: {
            type: 'array',
            items: {
              type: 'object',
              required: ['executionSuccessful'],
              properties: {
                executionSuccessful: { type: 'boolean' },
                toolExecutionNotifications: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['message'],
                    properties: { level, message, locations: { type: 'array' } },
                  },
                },
              },
            },
          },
          results: {
            type: 'array',
            items: {
              type: 'object',
              required: ['message'],
              properties: {
                ruleId: { type: 'string' },
                ruleIndex: { type: 'integer', minimum: -1 },
                level,
                message,
                locations: {
                  type: 'array',
                  items: { type: 'object', properties: { physicalLocation }, additionalProperties: false },
                },
                relatedLocations: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: { id: { type: 'integer', minimum: -1 }, physicalLocation, message },
                    additionalProperties: false,
                  },
                },
                fixes: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['artifactChanges'],
                    properties: {
                      description: message,
                      artifactChanges: {
                        type: 'array',
                        minItems: 1,
                        items: {
                          type: 'object',
                          required: ['artifactLocation', 'replacements'],
                          properties: {
                            artifactLocation,
                            replacements: {
                              type: 'array',
                              minItems: 1,
                              items: {
                                type: 'object',
                                required: ['deletedRegion'],
                                properties: {
                                  deletedRegion: region,
                                  insertedContent: {
                                    type: 'object',
                                    properties: { text: { type: 'string' } },
                                  },
                                },
                              },
                            },
                          },
                        },
                      },
                    },
                  },
                },
              },
              additionalProperties: false,
            },
          },
        },
      },
    },
  },
} as const;
